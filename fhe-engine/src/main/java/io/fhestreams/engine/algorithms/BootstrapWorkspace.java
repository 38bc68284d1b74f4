package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.math.NegacyclicFft;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * Preallocated scratch space of one thread for external products, blind rotation and
 * bootstrapping, so that the blind-rotation loop allocates nothing. Not thread-safe: one per thread.
 */
public final class BootstrapWorkspace {
    final int k;
    final int n;
    final NegacyclicFft fft;
    final NegacyclicFft.Scratch fftScratch;
    /** The accumulator GLWE, (k+1)N. */
    final long[] accumulator;
    /** Decomposition state per coefficient, N. */
    final long[] state;
    /** One digit polynomial, N. */
    final long[] digits;
    /** Fourier accumulators of the external product, one per output polynomial, in the FFT's column layout. */
    final double[][][][] columnAccumulators;
    /** Key-switched small LWE (modulo 2^32), then modulus-switched in place (modulo 2N), n_small + 1. */
    final int[] switched;

    /** Scratch for GLWE shape (k, N) and small LWE dimension {@code smallDimension}. */
    public BootstrapWorkspace(GlweDimension glweDimension, PolynomialSize polynomialSize, LweDimension smallDimension) {
        this.k = glweDimension.value();
        this.n = polynomialSize.value();
        this.fft = NegacyclicFft.of(polynomialSize);
        this.fftScratch = fft.newScratch();
        int glweSize = (k + 1) * n;
        accumulator = new long[glweSize];
        state = new long[n];
        digits = new long[n];
        columnAccumulators = new double[k + 1][][][];
        for (int c = 0; c <= k; c++) {
            columnAccumulators[c] = fft.newColumnAccumulator();
        }
        switched = new int[smallDimension.toLweSize()];
    }

    /** Scratch sized for bootstrapping with {@code key}. */
    public static BootstrapWorkspace forKey(FourierLweBootstrapKey key) {
        return new BootstrapWorkspace(key.glweDimension(), key.polynomialSize(), key.inputLweDimension());
    }

    void requireShape(GlweDimension glweDimension, PolynomialSize polynomialSize) {
        if (glweDimension.value() != k || polynomialSize.value() != n) {
            throw new IllegalArgumentException("Mismatched workspace shape. workspace: k=" + k + ", N=" + n
                    + ", operands: k=" + glweDimension.value() + ", N=" + polynomialSize.value());
        }
    }
}
