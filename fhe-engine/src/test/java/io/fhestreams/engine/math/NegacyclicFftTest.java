package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.params.PolynomialSize;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NegacyclicFftTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16, 32, 64, 128})
    void shouldMultiplySmallIntegersExactly(int n) {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        NegacyclicFft fft = NegacyclicFft.of(new PolynomialSize(n));
        for (int trial = 0; trial < 20; trial++) {
            long[] a = rnd.longs(n, -1000, 1000).toArray();
            long[] b = rnd.longs(n, -1000, 1000).toArray();
            assertThat(fft.multiplyNew(a, b)).as("seed %d", seed).containsExactly(Polynomials.multiplySchoolbookNew(a, b));
        }
    }

    /**
     * Torus (64-bit) polynomial times a digit polynomial with digits in [-2^(b-1), 2^(b-1)), the
     * product of an external product, against the exact schoolbook product mod 2^64. The error of
     * the double FFT must stay below the bound 2^(64 - 53) · 2^(b-1) · sqrt(N) · 2^4 (ulp of the torus
     * operand times the largest digit times sqrt(N) for N independent rounding errors, times 16;
     * measured maxima sit about 2^2 below it).
     */
    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 2048, 4096, 8192, 16384})
    void shouldKeepTorusTimesDigitErrorBelowBound(int n) {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        NegacyclicFft fft = NegacyclicFft.of(new PolynomialSize(n));
        for (int baseLog : new int[] {15, 23}) {
            long[] a = rnd.longs(n).toArray();
            long[] d = rnd.longs(n, -(1L << (baseLog - 1)), 1L << (baseLog - 1)).toArray();
            long[] exact = Polynomials.multiplySchoolbookNew(a, d);
            long[] approx = fft.multiplyNew(a, d);
            double maxErr = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double e = Math.abs((double) (approx[i] - exact[i]));
                maxErr = Math.max(maxErr, e);
                sumSq += e * e;
            }
            double bound = Math.scalb(1.0, 11 + baseLog - 1 + 4) * Math.sqrt(n);
            System.out.printf("FFT error N=%d baseLog=%d: max 2^%.2f, rms 2^%.2f (torus units), bound 2^%.0f%n", n, baseLog,
                    Math.log(maxErr) / Math.log(2), Math.log(Math.sqrt(sumSq / n)) / Math.log(2),
                    Math.log(bound) / Math.log(2));
            assertThat(maxErr).as("N=%d baseLog=%d seed %d", n, baseLog, seed).isLessThan(bound);
        }
    }
}
