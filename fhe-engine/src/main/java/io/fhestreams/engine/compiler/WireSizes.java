package io.fhestreams.engine.compiler;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.BlobFormat;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;

/**
 * Sizes of the ciphertext blobs one sample produces, for the compile report: seeded inputs (one seed,
 * then one body per element) and full outputs (mask and body per element), each in a blob container.
 */
public final class WireSizes {
  private WireSizes() {}

  /** Bytes of {@code count} seeded input ciphertexts under {@code p}. */
  public static long inputBytes(ParameterSet p, int count) {
    long payload = 4 + 4 + 16 + 8L * count;
    return new BlobHeader(BlobFormat.VERSION, BlobKind.SEEDED_LWE_CIPHERTEXT_LIST, p.id(), payload).totalLength();
  }

  /** Bytes of {@code count} output ciphertexts under {@code p}. */
  public static long outputBytes(ParameterSet p, int count) {
    long payload = 4 + 4 + 8L * count * (p.bigLweDimension().value() + 1);
    return new BlobHeader(BlobFormat.VERSION, BlobKind.LWE_CIPHERTEXT_LIST, p.id(), payload).totalLength();
  }
}
