package io.fhestreams.engine.compiler;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.BlobFormat;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;

/**
 * Sizes of what one sample and one client put on the wire, in the formats of {@link CiphertextFormats}
 * and {@link KeyFormats}: seeded input lists, plain output lists under the big key, and keys.
 */
final class WireSizes {
  private WireSizes() {}

  /** Bytes of {@code count} seeded input ciphertexts under {@code p}. */
  static long inputBytes(ParameterSet p, int count) {
    return CiphertextFormats.seededBlobLength(p, count);
  }

  /** Bytes of {@code count} output ciphertexts (mask and body) under the big key of {@code p}. */
  static long outputBytes(ParameterSet p, int count) {
    // payload: u32 n, u32 count, count·(n+1) u64 (CiphertextFormats' LWE_CIPHERTEXT_LIST)
    long payload = 8 + 8L * count * (p.bigLweDimension().value() + 1);
    return new BlobHeader(BlobFormat.VERSION, BlobKind.LWE_CIPHERTEXT_LIST, p.id(), payload).totalLength();
  }

  /** Bytes of the seeded evaluation-key blob of {@code p}; 0 when leveled (no keys). */
  static long evaluationKeyBytes(ParameterSet p) {
    return p.supportsBootstrap() ? EvaluationKeyFormats.blobLength(p, true) : 0;
  }
}
