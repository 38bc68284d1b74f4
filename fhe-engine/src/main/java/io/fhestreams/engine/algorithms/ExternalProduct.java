package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierGgswCiphertext;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.math.NegacyclicFft;

/**
 * The external product GGSW(m) ⊡ GLWE(M) = GLWE(m·M) (Chillotti, Gama, Georgieva, Izabachène,
 * J. Cryptology 2020; tfhe-rs {@code fft_impl/fft64/crypto/ggsw.rs}): each of the k+1 polynomials
 * of the GLWE is decomposed (signed, rounded, l levels), each digit polynomial is transformed once
 * and multiplied into the k+1 Fourier accumulators with the matching GGSW row, and the
 * accumulators are transformed back, rounded mod 2^64. The GGSW is in the Fourier domain.
 */
public final class ExternalProduct {
    private ExternalProduct() {
    }

    /** Transforms every polynomial of a standard-domain GGSW. */
    public static FourierGgswCiphertext convertToFourierNew(GgswCiphertext ggsw) {
        NegacyclicFft fft = NegacyclicFft.of(ggsw.polynomialSize());
        int n = ggsw.polynomialSize().value();
        long[] data = ggsw.data();
        double[] out = new double[data.length];
        for (int p = 0; p < data.length; p += n) {
            fft.forward(data, p, out, p);
        }
        return new FourierGgswCiphertext(out, ggsw.glweDimension(), ggsw.polynomialSize(), ggsw.baseLog(),
                ggsw.levelCount());
    }

    /** ggsw ⊡ glwe as a new GLWE ciphertext. */
    public static GlweCiphertext externalProductNew(FourierGgswCiphertext ggsw, GlweCiphertext glwe) {
        Checks.requireEqual("GlweDimension", ggsw.glweDimension(), "FourierGgswCiphertext", glwe.glweDimension(), "GlweCiphertext");
        Checks.requireEqual("PolynomialSize", ggsw.polynomialSize(), "FourierGgswCiphertext", glwe.polynomialSize(), "GlweCiphertext");
        GlweCiphertext out = GlweCiphertext.zeros(glwe.glweDimension(), glwe.polynomialSize());
        BootstrapWorkspace ws = new BootstrapWorkspace(glwe.glweDimension(), glwe.polynomialSize(),
                new io.fhestreams.engine.params.LweDimension(1));
        addExternalProduct(ggsw.data(), 0, ggsw.baseLog().value(), ggsw.levelCount().value(), glwe.data(), out.data(), ws);
        return out;
    }

    /**
     * out += ggsw ⊡ in, with the GGSW at {@code ggsw[ggswOff, ...)} in the Fourier domain and
     * {@code in}, {@code out} GLWE arrays of the workspace's shape ({@code in} is not modified and
     * must not alias {@code out}). Allocation-free.
     */
    static void addExternalProduct(double[] ggsw, int ggswOff, int baseLog, int levels, long[] in, long[] out,
            BootstrapWorkspace ws) {
        int n = ws.n;
        int glweSize = ws.k + 1;
        NegacyclicFft fft = ws.fft;
        double[] acc = ws.productFourier;
        java.util.Arrays.fill(acc, 0.0);
        long[] state = ws.state;
        long[] digits = ws.digits;
        double[] digitsFourier = ws.digitsFourier;
        int shift = 64 - baseLog * levels;
        long mask = (1L << baseLog) - 1;
        for (int row = 0; row < glweSize; row++) {
            int inOff = row * n;
            for (int i = 0; i < n; i++) {
                long x = in[inOff + i];
                state[i] = shift == 0 ? x : ((x >>> (shift - 1)) + 1) >>> 1;
            }
            for (int t = 0; t < levels; t++) {
                for (int i = 0; i < n; i++) {
                    long s = state[i];
                    long d = s & mask;
                    long carry = (d >>> (baseLog - 1)) & 1;
                    digits[i] = d - (carry << baseLog);
                    state[i] = (s >>> baseLog) + carry;
                }
                fft.forward(digits, 0, digitsFourier, 0);
                int rowOff = ggswOff + (t * glweSize + row) * glweSize * n;
                for (int c = 0; c < glweSize; c++) {
                    fft.multiplyAdd(acc, c * n, digitsFourier, 0, ggsw, rowOff + c * n);
                }
            }
        }
        for (int c = 0; c < glweSize; c++) {
            fft.backwardAdd(acc, c * n, out, c * n);
        }
    }
}
