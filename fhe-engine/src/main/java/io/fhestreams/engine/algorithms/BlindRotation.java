package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.math.CacheAligned;
import io.fhestreams.engine.math.Polynomials;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * Blind rotation (tfhe-rs {@code fft_impl/fft64/crypto/bootstrap.rs}): ACC ← LUT·X^(-b̃), then for
 * each i with ã_i ≠ 0, ACC ← ACC + BSK_i ⊡ (X^(ã_i)·ACC - ACC) (a CMUX on bit s_i). The result
 * encrypts LUT·X^(-φ̃) where φ̃ = b̃ - Σ ã_i s_i is the modulus-switched phase, so its constant
 * coefficient is LUT[φ̃] (negated for φ̃ >= N).
 */
public final class BlindRotation {
  private BlindRotation() {}

  /**
   * Blind-rotates {@code lut} by the modulus-switched ciphertext {@code switched} (n + 1 values in
   * [0, 2N), body last) into a new GLWE ciphertext.
   */
  public static GlweCiphertext blindRotateNew(
      FourierLweBootstrapKey bsk, int[] switched, LookupTable lut) {
    if (switched.length != bsk.inputLweDimension().toLweSize()) {
      throw new IllegalArgumentException(
          "Mismatched LweDimension. FourierLweBootstrapKey input: "
              + bsk.inputLweDimension().value()
              + ", switched ciphertext: "
              + (switched.length - 1));
    }
    BootstrapWorkspace ws = BootstrapWorkspace.forKey(bsk);
    blindRotate(bsk, switched, lut, ws);
    return new GlweCiphertext(ws.accumulator.clone(), bsk.glweDimension(), bsk.polynomialSize());
  }

  /** Runs the blind rotation into {@code ws.accumulator}; allocation-free. */
  static void blindRotate(
      FourierLweBootstrapKey bsk, int[] switched, LookupTable lut, BootstrapWorkspace ws) {
    ws.requireShape(bsk.glweDimension(), bsk.polynomialSize());
    int dim = bsk.inputLweDimension().value();
    long[] acc = ws.rotationAccumulator();
    int at = CacheAligned.START;
    loadRotatedTable(bsk, switched, lut, acc, at);
    double[] key = bsk.data();
    int ggswSize = bsk.ggswSize();
    int baseLog = bsk.baseLog().value();
    int levels = bsk.levelCount().value();
    for (int i = 0; i < dim; i++) {
      int a = switched[i];
      if (a == 0) {
        continue;
      }
      // ACC += BSK_i ⊡ (X^a·ACC - ACC): the difference is decomposed on the fly, then ACC is
      // updated.
      int ggswAt = bsk.offset() + i * ggswSize;
      ExternalProduct.preread(key, ggswAt, ggswSize, ws);
      ExternalProduct.addExternalProduct(key, ggswAt, baseLog, levels, acc, at, a, acc, at, ws);
    }
    System.arraycopy(acc, at, ws.accumulator, 0, ws.accumulator.length);
  }

  /**
   * Blind-rotates {@code tables[b]} by {@code switched[b]} into {@code accumulators[b]} for each of
   * the first {@code count} slots b: each result equals {@link #blindRotate} of that slot bit for
   * bit (the same operations on the same operands), but the loop runs GGSW by GGSW over the whole
   * batch, so that BSK_i (64–100 KB for the 2- and 4-bit sets; the whole key, 58–86 MB, is far
   * larger than any cache) is streamed from memory once per batch and then read from L2 by the
   * other slots. The slots rotate in {@code ws}'s aligned accumulators and are copied to {@code
   * accumulators} at the end; allocation-free.
   */
  static void blindRotateBatch(
      FourierLweBootstrapKey bsk,
      int[][] switched,
      LookupTable[] tables,
      int count,
      long[][] accumulators,
      BootstrapBatchWorkspace ws) {
    BootstrapWorkspace scratch = ws.scratch;
    scratch.requireShape(bsk.glweDimension(), bsk.polynomialSize());
    long[] acc = ws.rotationAccumulators;
    for (int b = 0; b < count; b++) {
      loadRotatedTable(bsk, switched[b], tables[b], acc, ws.slotAccumulatorAt(b));
    }
    double[] key = bsk.data();
    int dim = bsk.inputLweDimension().value();
    int ggswSize = bsk.ggswSize();
    int baseLog = bsk.baseLog().value();
    int levels = bsk.levelCount().value();
    for (int i = 0; i < dim; i++) {
      int ggswAt = bsk.offset() + i * ggswSize;
      ExternalProduct.preread(key, ggswAt, ggswSize, scratch);
      for (int b = 0; b < count; b++) {
        int a = switched[b][i];
        if (a != 0) {
          int at = ws.slotAccumulatorAt(b);
          ExternalProduct.addExternalProduct(
              key, ggswAt, baseLog, levels, acc, at, a, acc, at, scratch);
        }
      }
    }
    for (int b = 0; b < count; b++) {
      System.arraycopy(acc, ws.slotAccumulatorAt(b), accumulators[b], 0, accumulators[b].length);
    }
  }

  /**
   * ACC ← (0, …, 0, LUT·X^(-b̃)): the trivial GLWE the rotation starts from, b̃ the switched body.
   */
  private static void loadRotatedTable(
      FourierLweBootstrapKey bsk, int[] switched, LookupTable lut, long[] acc, int accOff) {
    loadRotatedTable(
        bsk.glweDimension(),
        bsk.polynomialSize(),
        "FourierLweBootstrapKey",
        switched[bsk.inputLweDimension().value()],
        lut,
        acc,
        accOff);
  }

  /**
   * ACC ← (0, …, 0, LUT·X^(-body)) at {@code acc[accOff, ...)}, for a key of shape (k, N) named
   * {@code keyName} in errors.
   */
  static void loadRotatedTable(
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      String keyName,
      int body,
      LookupTable lut,
      long[] acc,
      int accOff) {
    Checks.requireEqual(
        "PolynomialSize", polynomialSize, keyName, lut.polynomialSize(), "LookupTable");
    Checks.requireEqual(
        "GlweDimension", glweDimension, keyName, lut.glweDimension(), "LookupTable");
    int n = polynomialSize.value();
    int k = glweDimension.value();
    java.util.Arrays.fill(acc, accOff, accOff + k * n, 0L);
    Polynomials.multiplyByMonomial(
        acc, accOff + k * n, lut.body(), 0, n, body == 0 ? 0 : 2 * n - body);
  }
}
