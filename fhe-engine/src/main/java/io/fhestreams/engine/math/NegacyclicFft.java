package io.fhestreams.engine.math;

import io.fhestreams.engine.params.PolynomialSize;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Negacyclic FFT in {@code double} for products mod X^N+1 through an M = N/2-point complex FFT with
 * a twist (the folding of TFHE-rs' tfhe-fft and Concrete): a real polynomial a is folded into z_j =
 * (a_j + i·a_{j+M})·ω^j, ω = e^{iπ/N}, and z is transformed with an M-point FFT. This evaluates a
 * at the M roots ω^{1-4t} of X^N+1; the other M roots are their conjugates, so pointwise products
 * of transforms are transforms of negacyclic products.
 *
 * <p>No permutation is ever applied (as in tfhe-fft): the forward transform is a decimation in
 * frequency that leaves its output in bit-reversed order, pointwise products work in that order,
 * and the inverse is a decimation in time that consumes it. A transform is stored as N doubles — M
 * real parts at {@code off}, M imaginary parts at {@code off + M}. The twist is fused into the
 * first forward stage, the untwist (and rounding mod 2^64) into the last inverse stage. The loops
 * run in a {@link FftKernel}: explicit AVX2 vectors through jdk.incubator.vector when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (and has 256-bit vectors), otherwise
 * plain Java — both compute the same transform in the same order, so a Fourier key made by one
 * works with the other. Instances are immutable and shared ({@link #of(PolynomialSize)}).
 *
 * <p>Precision: inputs are converted to double, so a 64-bit torus operand keeps its top 53 bits
 * (read as signed, as tfhe-rs' fft64 does); the error this causes in a torus-by-digit product is
 * the "FFT noise" of the noise model, measured in {@code NegacyclicFftTest}.
 */
public final class NegacyclicFft {
  private static final ConcurrentHashMap<Integer, NegacyclicFft> CACHE = new ConcurrentHashMap<>();
  private static final FftKernel VECTOR_KERNEL = loadVectorKernel();

  final int n;
  final int m;

  /** ω^j = e^{iπ j/N}, j < M. */
  final double[] twistRe;

  final double[] twistIm;

  /**
   * ω^j / (M·2^64) (the inverse uses its conjugate): the inverse yields coefficients in turns
   * (torus value / 2^64), which the kernels round to 64-bit torus values.
   */
  final double[] untwistRe;

  final double[] untwistIm;

  /**
   * e^{-3iπ j/N} = ω^j·w_{M/2}[j] (j < M/2): the twist ω^j times the first forward stage's twiddle
   * e^{-iπ j/(M/2)}. The vector kernel's first forward pass twists only once per pair of points
   * (the twist of point j + M/2 is ω^j·e^{iπ/4}, a constant factor apart), so the difference of the
   * pair needs this product as one factor; its inverse counterpart is {@link #foldInverseRe}.
   */
  final double[] foldRe;

  final double[] foldIm;

  /** e^{-3iπ j/N} / (M·2^64) (the inverse uses its conjugate), j < M/2. */
  final double[] foldInverseRe;

  final double[] foldInverseIm;

  /** Stage twiddles: for half-size h (1 <= h <= M/2), e^{-iπ j/h} at index h + j. */
  final double[] twRe;

  final double[] twIm;

  /**
   * Cubes of the stage twiddles, w_h[j]^3 = e^{-3iπ j/h} at index h + j (j < h/2): the vector
   * kernel does two stages per pass in radix-2² form, which needs w_h[j], w_h[j]^2 = w_{h/2}[j] and
   * w_h[j]^3 (see {@code VectorFftKernel.difStages2}).
   */
  final double[] twCubeRe;

  final double[] twCubeIm;
  private final FftKernel kernel;

  /**
   * The transform's evaluation points as powers of ω: slot j (j < M) of every transform is the
   * polynomial's value at ω^{rootExponent[j]}. Read off the transform of X itself, so it follows
   * the kernel's own (bit-reversed) order.
   */
  private final int[] rootExponent;

  /** ω^e = e^{iπ e/N} for e < 2N: X^d at slot j is ω^{(rootExponent[j]·d) mod 2N}. */
  private final double[] rootRe;

  private final double[] rootIm;

  /** Per-thread work arrays of one transform size. */
  public static final class Scratch {
    final double[] real;
    final double[] fourier;

    Scratch(int n) {
      real = new double[n];
      fourier = new double[n];
    }
  }

  private NegacyclicFft(int n, FftKernel kernel) {
    this.n = n;
    this.m = n / 2;
    twistRe = new double[m];
    twistIm = new double[m];
    untwistRe = new double[m];
    untwistIm = new double[m];
    for (int j = 0; j < m; j++) {
      double angle = Math.PI * j / n;
      twistRe[j] = Math.cos(angle);
      twistIm[j] = Math.sin(angle);
      untwistRe[j] = twistRe[j] / m * 0x1p-64;
      untwistIm[j] = twistIm[j] / m * 0x1p-64;
    }
    int half = Math.max(1, m / 2);
    foldRe = new double[half];
    foldIm = new double[half];
    foldInverseRe = new double[half];
    foldInverseIm = new double[half];
    for (int j = 0; j < m / 2; j++) {
      double angle = -3 * Math.PI * j / n;
      foldRe[j] = Math.cos(angle);
      foldIm[j] = Math.sin(angle);
      foldInverseRe[j] = foldRe[j] / m * 0x1p-64;
      foldInverseIm[j] = foldIm[j] / m * 0x1p-64;
    }
    twRe = new double[Math.max(2, m)];
    twIm = new double[Math.max(2, m)];
    for (int h = 1; h <= m / 2; h <<= 1) {
      for (int j = 0; j < h; j++) {
        double angle = -Math.PI * j / h;
        twRe[h + j] = Math.cos(angle);
        twIm[h + j] = Math.sin(angle);
      }
    }
    twCubeRe = new double[Math.max(2, m)];
    twCubeIm = new double[Math.max(2, m)];
    for (int h = 2; h <= m / 2; h <<= 1) {
      for (int j = 0; j < h / 2; j++) {
        double angle = -3 * Math.PI * j / h;
        twCubeRe[h + j] = Math.cos(angle);
        twCubeIm[h + j] = Math.sin(angle);
      }
    }
    this.kernel = kernel;
    rootRe = new double[2 * n];
    rootIm = new double[2 * n];
    for (int e = 0; e < 2 * n; e++) {
      rootRe[e] = Math.cos(Math.PI * e / n);
      rootIm[e] = Math.sin(Math.PI * e / n);
    }
    rootExponent = readRootExponents();
  }

  /** The exponent e_j of each slot's evaluation point ω^{e_j}, from the transform of X. */
  private int[] readRootExponents() {
    double[] monomial = new double[n];
    monomial[1] = 1;
    double[] transform = new double[n];
    kernel.forward(this, monomial, 0, transform, 0);
    int[] exponents = new int[m];
    for (int j = 0; j < m; j++) {
      double angle = Math.atan2(transform[m + j], transform[j]);
      int e = Math.floorMod((int) Math.round(angle * n / Math.PI), 2 * n);
      if (Math.abs(transform[j] - rootRe[e]) > 1e-9
          || Math.abs(transform[m + j] - rootIm[e]) > 1e-9) {
        throw new IllegalStateException("the transform of X is not a root of unity at slot " + j);
      }
      exponents[j] = e;
    }
    return exponents;
  }

  /** The shared transform for polynomials of size N (vector kernel when available). */
  public static NegacyclicFft of(PolynomialSize size) {
    return CACHE.computeIfAbsent(size.value(), v -> new NegacyclicFft(v, defaultKernel(v)));
  }

  /** A transform for size N that uses the plain-Java kernel (tests compare the two kernels). */
  public static NegacyclicFft scalarOf(PolynomialSize size) {
    return new NegacyclicFft(size.value(), ScalarFftKernel.INSTANCE);
  }

  /** True when transforms of this size run on jdk.incubator.vector. */
  public boolean isVectorized() {
    return kernel != ScalarFftKernel.INSTANCE;
  }

  /** True when the JVM has jdk.incubator.vector with 256-bit double vectors. */
  public static boolean vectorKernelAvailable() {
    return VECTOR_KERNEL != null;
  }

  private static FftKernel defaultKernel(int n) {
    return VECTOR_KERNEL != null && n / 2 >= VECTOR_KERNEL.minimumPoints()
        ? VECTOR_KERNEL
        : ScalarFftKernel.INSTANCE;
  }

  /**
   * The vector kernel, loaded reflectively so that this class links without the incubator module.
   */
  private static FftKernel loadVectorKernel() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    try {
      Class<?> c = Class.forName("io.fhestreams.engine.math.VectorFftKernel");
      return (FftKernel) c.getMethod("createIfSupported").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** New work arrays for this size (one per thread). */
  public Scratch newScratch() {
    return new Scratch(n);
  }

  public int polynomialSize() {
    return n;
  }

  /**
   * Transforms the polynomial {@code in[inOff, inOff+N)}, its coefficients read as signed 64-bit
   * integers, into {@code out[outOff, outOff+N)}.
   */
  public void forward(long[] in, int inOff, double[] out, int outOff, Scratch s) {
    double[] real = s.real;
    for (int j = 0; j < n; j++) {
      real[j] = in[inOff + j];
    }
    kernel.forward(this, real, 0, out, outOff);
  }

  /** {@link #forward(long[], int, double[], int, Scratch)} with temporary scratch. */
  public void forward(long[] in, int inOff, double[] out, int outOff) {
    forward(in, inOff, out, outOff, newScratch());
  }

  /**
   * Transforms the polynomial {@code in[inOff, inOff+N)} given as doubles (integers, e.g. digits);
   * {@code in} may be {@code out} at the same offset (in place).
   */
  public void forward(double[] in, int inOff, double[] out, int outOff) {
    kernel.forward(this, in, inOff, out, outOff);
  }

  /**
   * Inverse transform of {@code data[off, off+N)}, rounded to integers mod 2^64 and added to {@code
   * out[outOff, outOff+N)}; {@code data} is left unchanged.
   */
  public void backwardAdd(double[] data, int off, long[] out, int outOff, Scratch s) {
    kernel.backwardAdd(this, data, off, s.fourier, 0, out, outOff);
  }

  /**
   * As {@link #backwardAdd(double[], int, long[], int, Scratch)}, the stages run in {@code
   * work[workOff, workOff+N)} (overwritten), which must not overlap {@code data[off, off+N)}: the
   * first stage reads data and writes work, so data is not copied (a 64-byte-aligned work array,
   * {@link CacheAligned}, makes the later stages faster).
   */
  public void backwardAdd(
      double[] data, int off, double[] work, int workOff, long[] out, int outOff) {
    if (data == work && Math.abs(off - workOff) < n) {
      throw new IllegalArgumentException(
          "work must not overlap data: same array at offsets "
              + off
              + " and "
              + workOff
              + ", less than N = "
              + n
              + " apart (use backwardAddInPlace to transform data in place)");
    }
    kernel.backwardAdd(this, data, off, work, workOff, out, outOff);
  }

  /** {@link #backwardAdd(double[], int, long[], int, Scratch)} with temporary scratch. */
  public void backwardAdd(double[] data, int off, long[] out, int outOff) {
    backwardAdd(data, off, out, outOff, newScratch());
  }

  /**
   * As {@link #backwardAdd(double[], int, long[], int, Scratch)} but destroys {@code data} (no
   * copy).
   */
  public void backwardAddInPlace(double[] data, int off, long[] out, int outOff) {
    kernel.backwardAdd(this, data, off, data, off, out, outOff);
  }

  /** acc += a ⊙ b (complex pointwise), all three transforms of N doubles. */
  public void multiplyAdd(double[] acc, int accOff, double[] a, int aOff, double[] b, int bOff) {
    kernel.multiplyAdd(acc, accOff, a, aOff, b, bOff, m);
  }

  /**
   * The inverse transform of Σ_{r < count} a_r ⊙ b_r, with a_r = {@code a[aOff + r·aStride, +N)}
   * and b_r = {@code b[bOff + r·bStride, +N)} transforms (the sum of an external product), rounded
   * to integers mod 2^64 and added to {@code out[outOff, outOff+N)}; {@code work[workOff, +N)} is
   * overwritten (scratch).
   */
  public void backwardAddSum(
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
      int outOff) {
    kernel.backwardAddSum(
        this, a, aOff, aStride, b, bOff, bStride, count, work, workOff, out, outOff);
  }

  /**
   * Writes the transform of the monomial X^{@code degree} (degree in [0, 2N), X^N = -1) into {@code
   * out[outOff, outOff+N)}, by table lookup (no FFT): slot j holds ω^{(e_j·degree) mod 2N}, ω^{e_j}
   * the slot's evaluation point (the int product wraps, which keeps its low bits, all the mask
   * reads). Allocation-free.
   */
  public void monomialTransform(int degree, double[] out, int outOff) {
    if (degree < 0 || degree >= 2 * n) {
      throw new IllegalArgumentException(
          "monomial degree must be in [0, 2N = " + 2 * n + "), found " + degree);
    }
    int mask = 2 * n - 1;
    for (int j = 0; j < m; j++) {
      int e = (rootExponent[j] * degree) & mask;
      out[outOff + j] = rootRe[e];
      out[outOff + m + j] = rootIm[e];
    }
  }

  /**
   * out[outOff, +N) = b_0 + Σ_{1 ≤ r < count} f_r ⊙ b_r: transforms b_r = {@code b[bOff +
   * r·bStride, +N)}, f_r = {@code factors[(r-1)·N, +N)} (e.g. from {@link #monomialTransform}).
   * Each b_r is read once; allocation-free.
   */
  public void rotatedSum(
      double[] out, int outOff, double[] factors, double[] b, int bOff, int bStride, int count) {
    kernel.rotatedSum(out, outOff, factors, b, bOff, bStride, count, m);
  }

  /**
   * Signed gadget decomposition for the external product: x = {@code in[off, off+N)}, or x =
   * X^power·in - in mod X^N+1 (the CMUX difference of blind rotation) when {@code power >= 0}
   * (power in [0, 2N)), is rounded to its top baseLog·levels bits and split into {@code levels}
   * digit polynomials with digits in [-2^(baseLog-1), 2^(baseLog-1)], level t (t = 0 the least
   * significant) at {@code digits[digitsOff + t·levelStride, +N)} as doubles, ready for {@link
   * #forward(double[], int, double[], int)}.
   */
  public void decompose(
      long[] in,
      int off,
      int power,
      int baseLog,
      int levels,
      double[] digits,
      int digitsOff,
      int levelStride) {
    kernel.decompose(
        in, off, n, power, 64 - baseLog * levels, baseLog, levels, digits, digitsOff, levelStride);
  }

  /**
   * The negacyclic product a*b mod (X^N+1, 2^64) through the FFT, rounded (test and tooling
   * helper).
   */
  public long[] multiplyNew(long[] a, long[] b) {
    Scratch s = newScratch();
    double[] fa = new double[n];
    double[] fb = new double[n];
    double[] acc = new double[n];
    forward(a, 0, fa, 0, s);
    forward(b, 0, fb, 0, s);
    multiplyAdd(acc, 0, fa, 0, fb, 0);
    long[] out = new long[n];
    backwardAddInPlace(acc, 0, out, 0);
    return out;
  }
}
