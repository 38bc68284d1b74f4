package io.fhestreams.ml.compiler;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchedLweCiphertextList;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;

/**
 * Sizes of what one sample and one client put on the wire, in the formats of {@link
 * CiphertextFormats} and {@link EvaluationKeyFormats}: seeded input lists, modulus-switched output
 * lists (plain or packed), and keys.
 */
final class WireSizes {
  private WireSizes() {}

  /** Bytes of {@code count} seeded input ciphertexts under {@code p}. */
  static long inputBytes(ParameterSet p, int count) {
    return CiphertextFormats.seededBlobLength(p, count);
  }

  /**
   * Bytes of {@code count} output ciphertexts under the big key of {@code p}, switched to 2^b: as
   * written.
   */
  static long outputBytes(ParameterSet p, int count, CiphertextModulusLog b) {
    LweDimension n = p.bigLweDimension();
    long[] zeros = new long[count * (n.value() + 1)];
    return CiphertextFormats.toBytes(new ModulusSwitchedLweCiphertextList(zeros, n, b), p).length;
  }

  /**
   * Bytes of {@code count} output ciphertexts packed into GLWE ciphertexts and switched to 2^b: as
   * written.
   */
  static long packedOutputBytes(ParameterSet p, int count, CiphertextModulusLog b) {
    return CiphertextFormats.packedGlweBlobLength(p, count, b);
  }

  /** Bytes of the seeded GLWE ciphertext of a coefficient-encoded input. */
  static long coefficientInputBytes(ParameterSet p, CoefficientEncoding encoding) {
    return CiphertextFormats.seededGlweBlobLength(
        p, encoding.polynomialSize(), CoefficientEncoding.inputBodyModulusLog(p));
  }

  /**
   * Bytes of {@code count} coefficient-encoded outputs (one GLWE ciphertext, its mask and count
   * body coefficients), switched to 2^b.
   */
  static long coefficientOutputBytes(
      ParameterSet p, CoefficientEncoding encoding, int count, CiphertextModulusLog b) {
    return CiphertextFormats.packedGlweBlobLength(
        p, encoding.glweDimension(), encoding.polynomialSize(), count, b);
  }

  /**
   * Bytes of the seeded evaluation-key blob of {@code p}, with the packing key when outputs are
   * packed; 0 when leveled (no keys).
   */
  static long evaluationKeyBytes(ParameterSet p, boolean packedOutputs) {
    return p.supportsBootstrap() ? EvaluationKeyFormats.blobLength(p, true, packedOutputs) : 0;
  }
}
