package io.fhestreams.engine.math;

/**
 * The per-coefficient loops of the negacyclic FFT and of the external product that feeds it, in two
 * interchangeable implementations that compute the same transform in the same (bit-reversed) order:
 * {@link ScalarFftKernel} (plain Java) and {@code VectorFftKernel} (jdk.incubator.vector, used when
 * the module is present). {@link NegacyclicFft} owns the twiddle tables and picks the kernel.
 */
interface FftKernel {
  /** Smallest number of complex points M = N/2 this kernel transforms. */
  int minimumPoints();

  /**
   * Forward transform of the real polynomial {@code in[inOff, inOff+N)} into {@code out[outOff,
   * outOff+N)} (M real parts, then M imaginary parts, bit-reversed order); {@code in} may be {@code
   * out} at the same offset (in place: the first stage reads each input before writing there).
   */
  void forward(NegacyclicFft t, double[] in, int inOff, double[] out, int outOff);

  /**
   * Inverse transform of {@code data[off, off+N)}, each coefficient rounded to an integer mod 2^64
   * and added to {@code out[outOff, outOff+N)}; the stages run in {@code work[workOff, workOff+N)}
   * (overwritten), which is either {@code data} at {@code off} itself (in place, data destroyed) or
   * does not overlap it (data left unchanged: the first stage reads data and writes work, so no
   * copy is made).
   */
  void backwardAdd(
      NegacyclicFft t, double[] data, int off, double[] work, int workOff, long[] out, int outOff);

  /**
   * acc[accOff, +N) += a ⊙ b (complex pointwise), M = N/2 points in the layout of {@link #forward}.
   */
  void multiplyAdd(double[] acc, int accOff, double[] a, int aOff, double[] b, int bOff, int m);

  /**
   * out[outOff, +N) = b_0 + Σ_{1 ≤ r < count} f_r ⊙ b_r (complex pointwise), b_r at {@code bOff +
   * r·bStride} and f_r at {@code factors[(r-1)·N, +N)}, all in the layout of {@link #forward}: the
   * rotated sum of a multi-bit GGSW group, polynomial by polynomial. Each b_r is read once.
   */
  void rotatedSum(
      double[] out,
      int outOff,
      double[] factors,
      double[] b,
      int bOff,
      int bStride,
      int count,
      int m);

  /**
   * The inverse transform of Σ_{r < count} a_r ⊙ b_r (complex pointwise), a_r at {@code aOff +
   * r·aStride} and b_r at {@code bOff + r·bStride} in the layout of {@link #forward} (the sum of an
   * external product, b_r the key), rounded mod 2^64 and added to {@code out[outOff, outOff+N)} as
   * {@link #backwardAdd}; {@code work[workOff, workOff+N)} is scratch. Each b_r is read once.
   */
  void backwardAddSum(
      NegacyclicFft t,
      double[] a,
      int aOff,
      int aStride,
      double[] b,
      int bOff,
      int bStride,
      int count,
      double[] work,
      int workOff,
      long[] out,
      int outOff);

  /**
   * Signed gadget decomposition (rounded to {@code baseLog·levels} bits, {@code shift = 64 -
   * baseLog·levels}) of x = in[off, off+n) (when {@code power < 0}) or of x = X^power·in - in mod
   * X^n+1 (power in [0, 2n), the CMUX difference of blind rotation): the digit of level t (t = 0
   * the least significant), in [-2^(baseLog-1), 2^(baseLog-1)], as doubles at {@code
   * digits[digitsOff + t·levelStride, +n)}.
   */
  void decompose(
      long[] in,
      int off,
      int n,
      int power,
      int shift,
      int baseLog,
      int levels,
      double[] digits,
      int digitsOff,
      int levelStride);
}
