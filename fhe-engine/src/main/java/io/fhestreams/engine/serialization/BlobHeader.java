package io.fhestreams.engine.serialization;

import java.nio.charset.StandardCharsets;

/**
 * The validated header of a blob.
 *
 * @param formatVersion the container format version (see {@link BlobFormat#VERSION})
 * @param kind what the payload holds
 * @param parameterSetId the id of the parameter set the content belongs to (1..64 printable ASCII)
 * @param payloadLength the number of payload bytes between the header and the trailing checksum
 */
public record BlobHeader(
    int formatVersion, BlobKind kind, String parameterSetId, long payloadLength) {

  /** Checks the fields; a header that fails here could not be written. */
  public BlobHeader {
    if (formatVersion < 0 || formatVersion > 0xFFFF) {
      throw new IllegalArgumentException("formatVersion must fit 16 bits, found " + formatVersion);
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    BlobFormat.checkParameterSetId(parameterSetId);
    if (payloadLength < 0) {
      throw new IllegalArgumentException("payloadLength must be >= 0, found " + payloadLength);
    }
  }

  /** The number of bytes the header takes on the wire (including its own checksum). */
  public int encodedLength() {
    return BlobFormat.headerLength(parameterSetId.getBytes(StandardCharsets.US_ASCII).length);
  }

  /** The total blob length: header, payload and trailing checksum. */
  public long totalLength() {
    return encodedLength() + payloadLength + BlobFormat.TRAILER_LENGTH;
  }
}
