package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierGgswCiphertext;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.math.NegacyclicFft;

/**
 * The external product GGSW(m) ⊡ GLWE(M) = GLWE(m·M) (Chillotti, Gama, Georgieva, Izabachène, J.
 * Cryptology 2020; tfhe-rs {@code fft_impl/fft64/crypto/ggsw.rs}): each of the k+1 polynomials of
 * the GLWE is decomposed (signed, rounded, l levels), each digit polynomial is transformed once and
 * multiplied into the k+1 Fourier accumulators with the matching GGSW row, and the accumulators are
 * transformed back, rounded mod 2^64. The GGSW is in the Fourier domain.
 */
public final class ExternalProduct {
  private ExternalProduct() {}

  /** Transforms every polynomial of a standard-domain GGSW. */
  public static FourierGgswCiphertext convertToFourierNew(GgswCiphertext ggsw) {
    NegacyclicFft fft = NegacyclicFft.of(ggsw.polynomialSize());
    int n = ggsw.polynomialSize().value();
    long[] data = ggsw.data();
    double[] out = new double[data.length];
    NegacyclicFft.Scratch scratch = fft.newScratch();
    for (int p = 0; p < data.length; p += n) {
      fft.forward(data, p, out, p, scratch);
    }
    return new FourierGgswCiphertext(
        out, ggsw.glweDimension(), ggsw.polynomialSize(), ggsw.baseLog(), ggsw.levelCount());
  }

  /** ggsw ⊡ glwe as a new GLWE ciphertext. */
  public static GlweCiphertext externalProductNew(FourierGgswCiphertext ggsw, GlweCiphertext glwe) {
    Checks.requireEqual(
        "GlweDimension",
        ggsw.glweDimension(),
        "FourierGgswCiphertext",
        glwe.glweDimension(),
        "GlweCiphertext");
    Checks.requireEqual(
        "PolynomialSize",
        ggsw.polynomialSize(),
        "FourierGgswCiphertext",
        glwe.polynomialSize(),
        "GlweCiphertext");
    GlweCiphertext out = GlweCiphertext.zeros(glwe.glweDimension(), glwe.polynomialSize());
    BootstrapWorkspace ws =
        new BootstrapWorkspace(
            glwe.glweDimension(),
            glwe.polynomialSize(),
            new io.fhestreams.engine.params.LweDimension(1));
    addExternalProduct(
        ggsw.data(),
        0,
        ggsw.baseLog().value(),
        ggsw.levelCount().value(),
        glwe.data(),
        out.data(),
        ws);
    return out;
  }

  /**
   * Largest polynomial size for which {@link #preread} pays. A product sum reads 2·(k+1)·l streams
   * of the GGSW at once (real and imaginary halves of each row's polynomial), each 4·N bytes long,
   * and the hardware prefetchers restart at every 4 KB page of each stream. Up to N = 2048 (the 2-
   * and 4-bit sets: GGSWs of 100 and 64 KB) one sequential read of the whole GGSW first, at the
   * core's full bandwidth, and then the sums from L2 cost less: -1.3 µs of 14 µs per product at N =
   * 512, and -8 % per 4-bit KS + PBS on a quiet machine (in-process A/B; the same A/B under load
   * had shown +10 %). At N = 8192 (the 6-bit set, 256 KB per GGSW) it costs +6 %. Measured in
   * benchmarks/RESULTS.md, sections "Single-ciphertext path" (branch fft) and "The 4-bit GGSW read
   * ahead of its sums".
   */
  static final int PREREAD_MAX_POLYNOMIAL_SIZE = 2048;

  /**
   * Reads {@code ggsw[from, from + length)} in storage order, one double per 64-byte cache line,
   * when the polynomial size is at most {@link #PREREAD_MAX_POLYNOMIAL_SIZE}: the GGSW that the
   * next product sums read in many short streams arrives in L2 as one sequential stream. Four
   * independent sums keep the loads from waiting on a chain of additions; their total goes to the
   * workspace so that the loads are not eliminated.
   */
  static void preread(double[] ggsw, int from, int length, BootstrapWorkspace ws) {
    if (ws.n > PREREAD_MAX_POLYNOMIAL_SIZE) {
      return;
    }
    int end = from + length;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int p = from;
    for (; p + 32 <= end; p += 32) {
      s0 += ggsw[p];
      s1 += ggsw[p + 8];
      s2 += ggsw[p + 16];
      s3 += ggsw[p + 24];
    }
    for (; p < end; p += 8) {
      s0 += ggsw[p];
    }
    ws.prereadSink = s0 + s1 + s2 + s3;
  }

  /**
   * out += ggsw ⊡ in, with the GGSW at {@code ggsw[ggswOff, ...)} in the Fourier domain and {@code
   * in}, {@code out} GLWE arrays of the workspace's shape ({@code in} is not modified and must not
   * alias {@code out}). Allocation-free.
   */
  static void addExternalProduct(
      double[] ggsw,
      int ggswOff,
      int baseLog,
      int levels,
      long[] in,
      long[] out,
      BootstrapWorkspace ws) {
    addExternalProduct(ggsw, ggswOff, baseLog, levels, in, 0, -1, out, 0, ws);
  }

  /**
   * out += ggsw ⊡ X for the GLWEs at {@code in[inOff, ...)} and {@code out[outOff, ...)}, where X =
   * in when {@code power < 0}, else X = X^power·in - in (the CMUX difference of blind rotation,
   * computed on the fly; {@code in} may then be {@code out}, at the same offset).
   */
  static void addExternalProduct(
      double[] ggsw,
      int ggswOff,
      int baseLog,
      int levels,
      long[] in,
      int inOff,
      int power,
      long[] out,
      int outOff,
      BootstrapWorkspace ws) {
    int n = ws.n;
    int glweSize = ws.k + 1;
    NegacyclicFft fft = ws.fft;
    // digit polynomial d = t·(k+1) + row pairs with GGSW row d, whose polynomial for output c is at
    // (d·(k+1) + c)·N
    int digitPolys = glweSize * levels;
    int rowStride = glweSize * n;
    double[] scratch = ws.reserveDigits(digitPolys);
    int fourierAt = ws.fourierDigitsAt();
    // each row's digits written where their transforms go and transformed in place right away,
    // while they are in L1: no separate digit polynomials (with them, the 4-bit set's k = 1, N =
    // 2048 product used 64 KB of scratch, more than L1; measured in benchmarks/RESULTS.md, branch
    // fft6)
    for (int row = 0; row < glweSize; row++) {
      int at = fourierAt + row * n;
      fft.decompose(in, inOff + row * n, power, baseLog, levels, scratch, at, rowStride);
      for (int t = 0; t < levels; t++) {
        fft.forward(scratch, at + t * rowStride, scratch, at + t * rowStride);
      }
    }
    for (int c = 0; c < glweSize; c++) {
      fft.backwardAddSum(
          scratch,
          fourierAt,
          n,
          ggsw,
          ggswOff + c * n,
          rowStride,
          digitPolys,
          scratch,
          ws.fourierWorkAt(),
          out,
          outOff + c * n);
    }
  }
}
