package io.fhestreams.engine.serialization;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Layout constants of the blob container (format version 1). All integers are little-endian, as
 * TFHE-rs serializes them, so that a body coefficient is written exactly as it sits in memory.
 *
 * <pre>
 * offset      size  field
 * 0           4     magic 0x89 'F' 'H' 'E' (the high bit catches 7-bit channels, as PNG's does)
 * 4           2     format version (u16) = 1
 * 6           2     kind code (u16), see {@link BlobKind#code()}
 * 8           1     L = length of the parameter-set id (1..64)
 * 9           L     parameter-set id, printable ASCII
 * 9+L         8     payload length P (u64, at most 2^63-1)
 * 17+L        4     CRC32C of bytes [0, 17+L): the header checksum
 * 21+L        P     payload (layout depends on the kind)
 * 21+L+P      4     CRC32C of bytes [0, 21+L+P): the trailing checksum
 * </pre>
 *
 * <p>Why CRC32C and not a cryptographic hash: the checksum is there to catch accidental corruption
 * (storage, transport, truncation). CRC32C (Castagnoli) detects every error burst up to 32 bits and
 * all odd-weight errors, lets any other random corruption through with probability 2^-32, and runs
 * at memory speed through the JDK's hardware intrinsic, which matters for 50 MB keys. A hash would
 * not stop a deliberate forger either, who simply recomputes it: authenticity of keys and artifacts
 * comes from the registry (content address = SHA-256 of the whole blob, bearer tokens), and every
 * decoded structure is additionally checked against its parameter set. The separate header checksum
 * lets a streaming reader trust kind, parameter set and payload length before it reads the body.
 */
public final class BlobFormat {
  /** The four magic bytes that open every blob. */
  static final byte[] MAGIC = {(byte) 0x89, 'F', 'H', 'E'};

  /** The container format version this code writes and reads. */
  public static final int VERSION = 1;

  /** Length of the trailing checksum. */
  public static final int TRAILER_LENGTH = 4;

  /** Longest parameter-set id a header can carry. */
  public static final int MAX_PARAMETER_SET_ID_LENGTH = 64;

  /** Bytes of the header before the parameter-set id: magic, version, kind, id length. */
  static final int FIXED_PREFIX_LENGTH = 9;

  private BlobFormat() {}

  /** Header length (including its checksum) for a parameter-set id of {@code idLength} bytes. */
  static int headerLength(int idLength) {
    return FIXED_PREFIX_LENGTH + idLength + 8 + 4;
  }

  static void checkParameterSetId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_PARAMETER_SET_ID_LENGTH) {
      throw new IllegalArgumentException(
          "parameter-set id must have 1.."
              + MAX_PARAMETER_SET_ID_LENGTH
              + " characters, found "
              + (id == null ? "null" : id.length() + " (" + id + ")"));
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new IllegalArgumentException(
            "parameter-set id must be printable ASCII without spaces, found char 0x"
                + Integer.toHexString(c)
                + " at index "
                + i);
      }
    }
  }

  /** The header bytes (with header checksum) of {@code header}. */
  static byte[] encodeHeader(BlobHeader header) {
    byte[] id = header.parameterSetId().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer bb = ByteBuffer.allocate(headerLength(id.length)).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(MAGIC);
    bb.putShort((short) header.formatVersion());
    bb.putShort((short) header.kind().code());
    bb.put((byte) id.length);
    bb.put(id);
    bb.putLong(header.payloadLength());
    bb.putInt(crc32c(bb.array(), 0, bb.position()));
    return bb.array();
  }

  static int crc32c(byte[] bytes, int offset, int length) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xFF));
    }
    return sb.toString();
  }
}
