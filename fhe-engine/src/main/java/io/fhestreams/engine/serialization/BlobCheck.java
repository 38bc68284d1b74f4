package io.fhestreams.engine.serialization;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a reader expects of a blob: which kinds it accepts, which parameter set (or any), and the
 * largest payload it is willing to read from a stream. Build with {@link #of} or {@link
 * #anyParameterSet}; immutable.
 */
public final class BlobCheck {
  /** Default ceiling on a streamed payload: 2 GiB, above the plain evaluation keys of every set. */
  public static final long DEFAULT_MAX_PAYLOAD_BYTES = 1L << 31;

  private final Set<BlobKind> kinds;
  private final String parameterSetId;
  private final long maxPayloadBytes;

  private BlobCheck(Set<BlobKind> kinds, String parameterSetId, long maxPayloadBytes) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("at least one accepted kind is required");
    }
    if (parameterSetId != null) {
      BlobFormat.checkParameterSetId(parameterSetId);
    }
    if (maxPayloadBytes < 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be >= 0, found " + maxPayloadBytes);
    }
    this.kinds = Set.copyOf(kinds);
    this.parameterSetId = parameterSetId;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** Accept exactly one kind made for the parameter set with id {@code parameterSetId}. */
  public static BlobCheck of(BlobKind kind, String parameterSetId) {
    return new BlobCheck(EnumSet.of(kind), parameterSetId, DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /** Accept any of the given kinds made for the parameter set with id {@code parameterSetId}. */
  public static BlobCheck oneOf(String parameterSetId, BlobKind first, BlobKind... rest) {
    return new BlobCheck(EnumSet.of(first, rest), parameterSetId, DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /**
   * Accept any of {@code kinds}, whatever parameter set the header names (e.g. a registry upload).
   */
  public static BlobCheck anyParameterSet(BlobKind first, BlobKind... rest) {
    return new BlobCheck(EnumSet.of(first, rest), null, DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /** The same check with another ceiling on the payload length. */
  public BlobCheck withMaxPayloadBytes(long max) {
    return new BlobCheck(kinds, parameterSetId, max);
  }

  /** Accepted kinds. */
  public Set<BlobKind> kinds() {
    return kinds;
  }

  /** The required parameter-set id, or null for any. */
  public String parameterSetId() {
    return parameterSetId;
  }

  /** Largest accepted payload length in bytes. */
  public long maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Throws the right {@link BlobFormatException} if {@code header} does not meet this check. */
  void verify(BlobHeader header) {
    BlobKind replacement = header.kind().replacement();
    if (replacement != null && kinds.contains(replacement)) {
      throw new BlobFormatException(
          BlobFormatException.Reason.VERSION,
          "found retired kind "
              + header.kind()
              + " (code "
              + header.kind().code()
              + ", "
              + header.kind().retiredFormat()
              + "), which this engine no"
              + " longer reads; expected "
              + replacement
              + " (code "
              + replacement.code()
              + "): regenerate it");
    }
    if (!kinds.contains(header.kind())) {
      throw new BlobFormatException(
          BlobFormatException.Reason.KIND,
          "expected kind "
              + (kinds.size() == 1 ? kinds.iterator().next() : "one of " + kinds)
              + ", found "
              + header.kind());
    }
    if (parameterSetId != null && !parameterSetId.equals(header.parameterSetId())) {
      throw new BlobFormatException(
          BlobFormatException.Reason.PARAMETER_SET,
          "expected parameter set '"
              + parameterSetId
              + "', found '"
              + header.parameterSetId()
              + "' (kind "
              + header.kind()
              + ")");
    }
    if (header.payloadLength() > maxPayloadBytes) {
      throw new BlobFormatException(
          BlobFormatException.Reason.LENGTH,
          "payload length "
              + header.payloadLength()
              + " exceeds the accepted maximum "
              + maxPayloadBytes
              + " for kind "
              + header.kind());
    }
  }

  @Override
  public String toString() {
    return "BlobCheck{kinds="
        + kinds
        + ", parameterSetId="
        + (parameterSetId == null ? "any" : parameterSetId)
        + ", maxPayloadBytes="
        + maxPayloadBytes
        + "}";
  }
}
