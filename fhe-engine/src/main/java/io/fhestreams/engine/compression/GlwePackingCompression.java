package io.fhestreams.engine.compression;

import io.fhestreams.engine.algorithms.LwePackingKeyswitch;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;

/**
 * Packed output compression: the output LWE ciphertexts are packed into GLWE ciphertexts ({@link
 * LwePackingKeyswitch}), then every mask coefficient and every body coefficient in use is switched
 * to modulus 2^b. One mask of k·N coefficients then serves up to N outputs, where each LWE output
 * carried its own mask of k·N coefficients.
 *
 * <p>The GLWE key is the big key read as a GLWE key, or the client's separate compression key
 * ({@link PackingKeyswitchParameters.OutputKey}); the mask has k'·N' coefficients either way.
 *
 * <p>Noise: slot t's phase is LWE t's phase plus the packing key switch's variance ({@link
 * PackingKeyswitchParameters#variance()}). Rounding the k·N mask coefficients and the body
 * coefficient of a slot to b bits adds at most (k'·N'+1)·2^-2b/12, the bound {@link
 * ModulusSwitchCompression#roundingVariance} gives for an LWE ciphertext of dimension k'·N' ({@link
 * PackingKeyswitchParameters#packedMaskDimension}), so {@link
 * ModulusSwitchCompression#modulusLogFor} chooses b for the packed form too once the packing
 * variance is added to the outputs'.
 */
public final class GlwePackingCompression {
  private GlwePackingCompression() {}

  /** Packs {@code outputs} with {@code key} and switches the result to 2^b. */
  public static ModulusSwitchedGlweCiphertextList packAndCompressNew(
      LwePackingKeyswitchKey key, LweCiphertextList outputs, CiphertextModulusLog b) {
    return compressNew(LwePackingKeyswitch.packNew(key, outputs), outputs.count().value(), b);
  }

  /**
   * Switches the masks and the first {@code count} body slots of {@code packed} to their top b
   * bits, rounded to the nearest.
   */
  public static ModulusSwitchedGlweCiphertextList compressNew(
      GlweCiphertext[] packed, int count, CiphertextModulusLog b) {
    int k = packed[0].glweDimension().value();
    int bigN = packed[0].polynomialSize().value();
    long[] values =
        new long
            [Math.toIntExact(
                ModulusSwitchedGlweCiphertextList.valueCount(
                    packed[0].glweDimension(), packed[0].polynomialSize(), count))];
    int shift = 64 - b.value();
    long half = 1L << (shift - 1);
    long mask = (1L << b.value()) - 1;
    int next = 0;
    for (int g = 0; g < packed.length; g++) {
      long[] data = packed[g].data();
      int used = k * bigN + Math.min(bigN, count - g * bigN);
      for (int i = 0; i < used; i++) {
        values[next++] = ((data[i] + half) >>> shift) & mask;
      }
    }
    return new ModulusSwitchedGlweCiphertextList(
        values, packed[0].glweDimension(), packed[0].polynomialSize(), count, b);
  }

  /**
   * Back to modulus 2^64 (value · 2^(64−b)); the dropped body slots come back as 0 and decrypt to
   * noise.
   */
  public static GlweCiphertext[] decompressNew(ModulusSwitchedGlweCiphertextList list) {
    int k = list.glweDimension().value();
    int bigN = list.polynomialSize().value();
    int shift = 64 - list.modulusLog().value();
    long[] values = list.values();
    GlweCiphertext[] out =
        new GlweCiphertext
            [Math.toIntExact(
                ModulusSwitchedGlweCiphertextList.glweCount(list.polynomialSize(), list.count()))];
    int next = 0;
    for (int g = 0; g < out.length; g++) {
      out[g] = GlweCiphertext.zeros(list.glweDimension(), list.polynomialSize());
      long[] data = out[g].data();
      int used = k * bigN + Math.min(bigN, list.count() - g * bigN);
      for (int i = 0; i < used; i++) {
        data[i] = values[next++] << shift;
      }
    }
    return out;
  }

  /**
   * The big LWE key read as the packing key switch's output GLWE key: the same k·N bits, as k·N/N'
   * polynomials of N' coefficients (see {@link PackingKeyswitchParameters}).
   */
  public static GlweSecretKey packingKey(LweSecretKey bigKey, PackingKeyswitchParameters p) {
    if (p.outputKey() != PackingKeyswitchParameters.OutputKey.BIG_KEY) {
      throw new IllegalArgumentException(
          "outputs of dimension "
              + p.inputDimension().value()
              + " are packed under the client's compression key, not the big key");
    }
    if (bigKey.dimension().value() != p.inputDimension().value()) {
      throw new IllegalArgumentException(
          "packing key needs the big key of dimension "
              + p.inputDimension().value()
              + ", found "
              + bigKey.dimension().value());
    }
    return new GlweSecretKey(bigKey.data(), p.glweDimension(), p.polynomialSize());
  }
}
