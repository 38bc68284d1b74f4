package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.math.NegacyclicFft;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Forward and backward negacyclic FFT of one polynomial (N/2-point complex FFT with twist). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FftBenchmark {
  @Param({"512", "2048", "8192"})
  public int polynomialSize;

  private NegacyclicFft fft;
  private long[] poly;
  private long[] out;
  private double[] fourier;
  private double[] scratch;
  private double[] digits;
  private NegacyclicFft.Scratch fftScratch;

  @Setup(Level.Trial)
  public void setUp() {
    fft = NegacyclicFft.of(new PolynomialSize(polynomialSize));
    poly = new SplittableRandom(1).longs(polynomialSize).toArray();
    out = new long[polynomialSize];
    fourier = new double[polynomialSize];
    fftScratch = fft.newScratch();
    scratch = new double[polynomialSize];
    fft.forward(poly, 0, fourier, 0);
    digits =
        new SplittableRandom(2)
            .ints(polynomialSize, -(1 << 22), 1 << 22)
            .asDoubleStream()
            .toArray();
  }

  @Benchmark
  public double[] forward() {
    fft.forward(poly, 0, scratch, 0, fftScratch);
    return scratch;
  }

  /** The external product's form: digits (small integers) already as doubles. */
  @Benchmark
  public double[] forwardDigits() {
    fft.forward(digits, 0, scratch, 0);
    return scratch;
  }

  /**
   * The external product's form: in place (the copy restores the input), rounded and added to
   * longs.
   */
  @Benchmark
  public long[] backwardAdd() {
    System.arraycopy(fourier, 0, scratch, 0, polynomialSize);
    fft.backwardAddInPlace(scratch, 0, out, 0);
    return out;
  }
}
