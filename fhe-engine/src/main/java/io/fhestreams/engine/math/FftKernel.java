package io.fhestreams.engine.math;

/**
 * The per-coefficient loops of the negacyclic FFT and of the external product that feeds it, in two
 * interchangeable implementations that compute the same transform in the same (bit-reversed) order:
 * {@link ScalarFftKernel} (plain Java) and {@code VectorFftKernel} (jdk.incubator.vector, used when
 * the module is present). {@link NegacyclicFft} owns the twiddle tables and picks the kernel.
 */
interface FftKernel {
    /**
     * Forward transform of the real polynomial {@code in[inOff, inOff+N)} into
     * {@code out[outOff, outOff+N)} (M real parts, then M imaginary parts, bit-reversed order).
     */
    void forward(NegacyclicFft t, double[] in, int inOff, double[] out, int outOff);

    /**
     * Inverse transform of {@code data[off, off+N)} (destroyed), each coefficient rounded to an
     * integer mod 2^64 and added to {@code out[outOff, outOff+N)}.
     */
    void backwardAdd(NegacyclicFft t, double[] data, int off, long[] out, int outOff);

    /** acc[accOff, +N) += a ⊙ b (complex pointwise), M = N/2 points in the layout of {@link #forward}. */
    void multiplyAdd(double[] acc, int accOff, double[] a, int aOff, double[] b, int bOff, int m);

    /**
     * state[j] = x_j rounded to its top {@code 64 - shift} bits (as an integer), where x = in (when
     * {@code power < 0}) or x = X^power·in - in mod X^n+1 (power in [0, 2n)), in = {@code in[off, off+n)}.
     */
    void roundedState(long[] in, int off, int n, int power, int shift, long[] state);

    /**
     * One level of the signed decomposition: digits[j] = the low {@code baseLog} bits of state[j]
     * read as a digit in [-2^(baseLog-1), 2^(baseLog-1)) (as a double), state[j] = the rest plus
     * the carry. The digits of x are produced from the least significant level up.
     */
    void nextSignedDigits(long[] state, int n, int baseLog, double[] digits);
}
