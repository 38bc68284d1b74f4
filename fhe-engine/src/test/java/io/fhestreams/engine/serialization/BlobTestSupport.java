package io.fhestreams.engine.serialization;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Forges headers the writer refuses to produce, for the refusal tests. */
final class BlobTestSupport {
  private BlobTestSupport() {}

  /**
   * A header with any field values and a correct header checksum (a "lying" but well-sealed
   * header).
   */
  static byte[] forgeHeader(int version, int kindCode, String id, long payloadLength) {
    byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer bb =
        ByteBuffer.allocate(BlobFormat.headerLength(idBytes.length)).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(BlobFormat.MAGIC)
        .putShort((short) version)
        .putShort((short) kindCode)
        .put((byte) idBytes.length)
        .put(idBytes)
        .putLong(payloadLength);
    bb.putInt(BlobFormat.crc32c(bb.array(), 0, bb.position()));
    return bb.array();
  }

  /** {@code header} + {@code payload} + a correct trailing checksum. */
  static byte[] seal(byte[] header, byte[] payload) {
    byte[] blob = new byte[header.length + payload.length + 4];
    System.arraycopy(header, 0, blob, 0, header.length);
    System.arraycopy(payload, 0, blob, header.length, payload.length);
    int crc = BlobFormat.crc32c(blob, 0, header.length + payload.length);
    ByteBuffer.wrap(blob, header.length + payload.length, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(crc);
    return blob;
  }
}
