package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierGgswCiphertext;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.math.LaneBatchFft;
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
    addExternalProduct(ggsw, ggswOff, baseLog, levels, in, -1, out, ws);
  }

  /**
   * out += ggsw ⊡ X, where X = in when {@code power < 0}, else X = X^power·in - in (the CMUX
   * difference of blind rotation, computed on the fly; {@code in} may then be {@code out}).
   */
  static void addExternalProduct(
      double[] ggsw,
      int ggswOff,
      int baseLog,
      int levels,
      long[] in,
      int power,
      long[] out,
      BootstrapWorkspace ws) {
    int n = ws.n;
    int glweSize = ws.k + 1;
    NegacyclicFft fft = ws.fft;
    // digit polynomial d = t·(k+1) + row pairs with GGSW row d, whose polynomial for output c is at
    // (d·(k+1) + c)·N
    int digitPolys = glweSize * levels;
    int rowStride = glweSize * n;
    double[] digits = ws.digits(digitPolys);
    double[] fourierDigits = ws.fourierDigits(digitPolys);
    for (int row = 0; row < glweSize; row++) {
      fft.decompose(in, row * n, power, baseLog, levels, digits, row * n, rowStride);
    }
    for (int d = 0; d < digitPolys; d++) {
      fft.forward(digits, d * n, fourierDigits, d * n);
    }
    for (int c = 0; c < glweSize; c++) {
      fft.backwardAddSum(
          fourierDigits,
          0,
          n,
          ggsw,
          ggswOff + c * n,
          rowStride,
          digitPolys,
          ws.fourierWork,
          out,
          c * n);
    }
  }

  /**
   * The CMUX step of blind rotation on a lane group: acc_l += ggsw ⊡ (X^{powers[l]}·acc_l - acc_l)
   * for every lane l of the lane sets {@code acc} (the k+1 GLWE polynomials, each a lane set of
   * {@code ws.lanes}), the GGSW at {@code ggsw[ggswOff, ...)} in the Fourier domain and read once
   * for all lanes; a lane with power 0 is left unchanged. The same operations as {@link
   * #addExternalProduct} lane by lane, on the lane-batched transform. Allocation-free.
   */
  static void addExternalProductLanes(
      double[] ggsw,
      int ggswOff,
      int baseLog,
      int levels,
      long[] acc,
      int[] powers,
      BootstrapBatchWorkspace ws) {
    LaneBatchFft lanes = ws.lanes;
    int n = ws.scratch.n;
    int set = n * lanes.lanes();
    int glweSize = ws.scratch.k + 1;
    int digitPolys = glweSize * levels;
    double[] digits = ws.laneDigits;
    for (int row = 0; row < glweSize; row++) {
      lanes.decomposeRotated(
          acc,
          row * set,
          powers,
          baseLog,
          levels,
          digits,
          row * set,
          glweSize * set,
          ws.laneRotation);
    }
    for (int d = 0; d < digitPolys; d++) {
      lanes.forwardInPlace(digits, d * set);
    }
    for (int c = 0; c < glweSize; c++) {
      lanes.multiplySum(
          digits, 0, set, ggsw, ggswOff + c * n, glweSize * n, digitPolys, ws.laneWork, 0);
      lanes.backwardAddInPlace(ws.laneWork, 0, acc, c * set);
    }
  }
}
