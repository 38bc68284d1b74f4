package io.fhestreams.schemas;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The key of a record on {@code fhe.requests}: the sender's evaluation-key id (64 lowercase hex
 * digits, the SHA-256 of the key blob), optionally followed by {@code /} and a spread bucket (a
 * decimal number without leading zeros, at most {@value #MAX_BUCKET}). E.g. {@code 3fa4…9c} (a
 * sender without spread: every record on the key id's partition) or {@code 3fa4…9c/2}.
 *
 * <p>The bucket only moves the record to another partition (Kafka's default partitioner hashes the
 * whole key): a sender that spreads its records over several buckets has them answered by up to as
 * many instances in parallel, each of which caches its keys. The app resolves keys from the key id
 * alone. Keys come from anyone who may write to the topic: {@link #parse} checks the length before
 * anything else and accepts nothing but the exact format.
 *
 * @param keyId the evaluation-key id
 * @param bucket the spread bucket, if any
 */
public record RequestKey(String keyId, OptionalInt bucket) {
  /** Largest bucket a key may carry (four decimal digits). */
  public static final int MAX_BUCKET = 9999;

  /** Characters of an evaluation-key id. */
  public static final int KEY_ID_LENGTH = 64;

  /** Longest valid key: a key id, the separator and a four-digit bucket. */
  public static final int MAX_LENGTH = KEY_ID_LENGTH + 1 + 4;

  private static final char SEPARATOR = '/';

  /** Characters of a refused key quoted in the error message. */
  private static final int QUOTED_CHARS = 80;

  /** Validates the fields. */
  public RequestKey {
    Objects.requireNonNull(bucket, "bucket");
    if (!isKeyId(keyId)) {
      throw new IllegalArgumentException(
          "key id must be " + KEY_ID_LENGTH + " lowercase hex digits, found " + quote(keyId));
    }
    if (bucket.isPresent() && (bucket.getAsInt() < 0 || bucket.getAsInt() > MAX_BUCKET)) {
      throw new IllegalArgumentException(
          "bucket must be in [0, " + MAX_BUCKET + "], found " + bucket.getAsInt());
    }
  }

  /** The key of a sender without spread: the key id alone. */
  public static RequestKey of(String keyId) {
    return new RequestKey(keyId, OptionalInt.empty());
  }

  /** The key of {@code keyId}'s bucket {@code bucket}. */
  public static RequestKey of(String keyId, int bucket) {
    return new RequestKey(keyId, OptionalInt.of(bucket));
  }

  /**
   * Parses a record key: {@code KEYID} or {@code KEYID/BUCKET}, nothing else (no blanks, no sign,
   * no leading zero, no upper case).
   *
   * @throws IllegalArgumentException naming what is wrong, quoting at most the key's first {@value
   *     #QUOTED_CHARS} characters
   */
  public static RequestKey parse(String key) {
    Objects.requireNonNull(key, "key");
    if (key.length() > MAX_LENGTH) {
      throw invalid(
          key, "is " + key.length() + " characters long, at most " + MAX_LENGTH + " expected");
    }
    if (key.length() < KEY_ID_LENGTH || !isKeyId(key.substring(0, KEY_ID_LENGTH))) {
      throw invalid(key, "does not start with an evaluation-key id (64 lowercase hex digits)");
    }
    if (key.length() == KEY_ID_LENGTH) {
      return of(key);
    }
    if (key.charAt(KEY_ID_LENGTH) != SEPARATOR) {
      throw invalid(key, "has '" + printable(key.charAt(KEY_ID_LENGTH)) + "' after the key id");
    }
    String digits = key.substring(KEY_ID_LENGTH + 1);
    if (digits.isEmpty()
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
        || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw invalid(key, "has a bucket that is not a decimal number without leading zeros");
    }
    // at most four digits (length checked above): no overflow
    return of(key.substring(0, KEY_ID_LENGTH), Integer.parseInt(digits));
  }

  /** The record key: {@code KEYID} or {@code KEYID/BUCKET}. */
  @Override
  public String toString() {
    return bucket.isPresent() ? keyId + SEPARATOR + bucket.getAsInt() : keyId;
  }

  private static boolean isKeyId(String s) {
    if (s == null || s.length() != KEY_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException invalid(String key, String what) {
    return new IllegalArgumentException(
        "record key "
            + quote(key)
            + " "
            + what
            + "; expected KEYID or KEYID/BUCKET (KEYID: 64 lowercase hex digits, BUCKET: 0.."
            + MAX_BUCKET
            + ")");
  }

  /** The first characters of {@code s} in quotes, control and non-ASCII characters escaped. */
  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    int n = Math.min(s.length(), QUOTED_CHARS);
    for (int i = 0; i < n; i++) {
      out.append(printable(s.charAt(i)));
    }
    return out.append(s.length() > n ? "\"…" : "\"").toString();
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
