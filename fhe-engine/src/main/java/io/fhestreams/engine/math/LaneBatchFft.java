package io.fhestreams.engine.math;

import io.fhestreams.engine.params.PolynomialSize;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The negacyclic FFT of {@link NegacyclicFft} on {@link #lanes()} polynomials at once, one per
 * vector lane: a <em>lane set</em> of size N stores coefficient (or Fourier point) j of polynomial
 * l at index {@code j·lanes() + l}, so every stage of the transform is the scalar algorithm of
 * {@code ScalarFftKernel} with each scalar replaced by a vector: no lane permutations, twiddles and
 * key coefficients broadcast. A transform in a lane set has the layout of {@link NegacyclicFft}'s
 * (M real parts, then M imaginary parts, bit-reversed order) lane by lane, so it multiplies a
 * Fourier key made by {@link NegacyclicFft} directly. Used by the batch blind rotation, lane l
 * holding ciphertext l of a batch. Instances are immutable and shared; all methods are
 * allocation-free.
 */
public abstract class LaneBatchFft {
  private static final ConcurrentHashMap<Integer, LaneBatchFft> CACHE = new ConcurrentHashMap<>();

  final NegacyclicFft fft;

  LaneBatchFft(NegacyclicFft fft) {
    this.fft = fft;
  }

  /**
   * The lane-batched transform of size N, or null when the JVM lacks jdk.incubator.vector (or N <
   * 8).
   */
  public static LaneBatchFft of(PolynomialSize size) {
    if (!NegacyclicFft.vectorKernelAvailable() || size.value() < 8) {
      return null;
    }
    return CACHE.computeIfAbsent(size.value(), v -> load(NegacyclicFft.of(size)));
  }

  private static LaneBatchFft load(NegacyclicFft fft) {
    try {
      Class<?> c = Class.forName("io.fhestreams.engine.math.VectorLaneBatchFft");
      return (LaneBatchFft) c.getDeclaredConstructor(NegacyclicFft.class).newInstance(fft);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("jdk.incubator.vector is present but unusable", e);
    }
  }

  /** Polynomials per lane set: the platform's double vector length (8 on AVX-512, 4 on AVX2). */
  public abstract int lanes();

  /** N, the size of each polynomial. */
  public int polynomialSize() {
    return fft.n;
  }

  /**
   * Transforms the lane set of real polynomials (integer-valued doubles) at {@code data[off,
   * off+N·lanes)} in place.
   */
  public abstract void forwardInPlace(double[] data, int off);

  /**
   * Inverse transform of the lane set of transforms at {@code data[off, off+N·lanes)} (destroyed),
   * each coefficient rounded to an integer mod 2^64 and added to the lane set {@code out[outOff,
   * outOff+N·lanes)}.
   */
  public abstract void backwardAddInPlace(double[] data, int off, long[] out, int outOff);

  /**
   * work[workOff, +N·lanes) = Σ_{r < count} a_r ⊙ b_r (complex pointwise), a_r the lane set of
   * transforms at {@code a[aOff + r·aStride]} and b_r the single transform ({@link NegacyclicFft}'s
   * layout, e.g. a key polynomial) at {@code b[bOff + r·bStride, +N)}, the same for every lane:
   * each b_r is read once for all lanes.
   */
  public abstract void multiplySum(
      double[] a,
      int aOff,
      int aStride,
      double[] b,
      int bOff,
      int bStride,
      int count,
      double[] work,
      int workOff);

  /**
   * Signed gadget decomposition, lane by lane, of x_l = X^{powers[l]}·in_l - in_l mod X^N+1 (the
   * CMUX difference of blind rotation; powers[l] in [0, 2N), 0 gives x_l = 0) for the lane set
   * {@code in[off, off+N·lanes)}: x_l rounded to its top baseLog·levels bits, the digit of level t
   * (t = 0 the least significant, in [-2^(baseLog-1), 2^(baseLog-1))) as doubles in the lane set at
   * {@code digits[digitsOff + t·levelStride]}. The digits equal those of {@link
   * NegacyclicFft#decompose}. {@code scratch} holds at least {@link #decompositionScratchLength()}
   * longs from {@code scratchOff} (a multiple of the vector length from a 64-byte boundary is
   * fastest).
   */
  public abstract void decomposeRotated(
      long[] in,
      int off,
      int[] powers,
      int baseLog,
      int levels,
      double[] digits,
      int digitsOff,
      int levelStride,
      long[] scratch,
      int scratchOff);

  /** Length of the scratch array of {@link #decomposeRotated}. */
  public abstract int decompositionScratchLength();
}
