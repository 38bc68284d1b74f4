package io.fhestreams.engine.serialization;

/**
 * A blob was refused: its bytes are not a well-formed blob of the expected kind and parameter set.
 * The {@link #reason()} says which check failed; the message names what was expected and what was
 * found. Nothing decoded from a refused blob is ever returned.
 */
public final class BlobFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The check that refused the blob. */
  public enum Reason {
    /** The first bytes are not the blob magic: not a blob at all. */
    MAGIC,
    /** The format version is not one this reader understands. */
    VERSION,
    /** The kind is unknown, or not the kind the caller expects. */
    KIND,
    /** The blob was made for another parameter set than the caller's. */
    PARAMETER_SET,
    /**
     * A length or count disagrees with the bytes present or with what the parameter set implies.
     */
    LENGTH,
    /** The bytes end before the blob does. */
    TRUNCATED,
    /** A header or trailing checksum does not match the bytes: they were corrupted. */
    CHECKSUM,
    /**
     * The payload is well framed but its content is invalid (e.g. a failed decryption of a
     * keystore).
     */
    CONTENT
  }

  private final Reason reason;

  /** A refusal for {@code reason}, with a message naming expected and found values. */
  public BlobFormatException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /** A refusal for {@code reason} caused by {@code cause}. */
  public BlobFormatException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** Which check refused the blob. */
  public Reason reason() {
    return reason;
  }
}
