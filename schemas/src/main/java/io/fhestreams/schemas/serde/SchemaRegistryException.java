package io.fhestreams.schemas.serde;

import org.apache.kafka.common.KafkaException;

/**
 * A schema-registry call failed: either the registry answered with an error (HTTP status and
 * Confluent {@code error_code}, e.g. 40403 "schema not found"), or no registry URL could be reached
 * at all.
 *
 * <p>{@link #isUnavailable()} separates "the registry said no" (a fact about the data) from "the
 * registry could not be asked" (a transient condition a caller should retry, never a reason to
 * dead-letter a record).
 */
public class SchemaRegistryException extends KafkaException {

  /** Confluent error code: subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Confluent error code: version not found. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Confluent error code: schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** Confluent error code: the schema is incompatible with the subject's latest version. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  /** Confluent error code: the schema is not valid Avro. */
  public static final int INVALID_SCHEMA = 42201;

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorCode;

  /** An error answer from the registry. */
  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message + " (HTTP " + httpStatus + ", error_code " + errorCode + ")");
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** No registry could be reached; {@link #isUnavailable()} is true. */
  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = 0;
  }

  /** HTTP status of the registry's answer, or 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent {@code error_code} of the answer, or 0 when there was no answer. */
  public int errorCode() {
    return errorCode;
  }

  /**
   * True when the failure says nothing about the data and will pass: the registry could not be
   * reached, answered with a server error (5xx), refused the credentials (401, 403: a rotated or
   * misconfigured token, which an operator fixes), timed the request out (408) or throttled it
   * (429). Retry later; never a reason to dead-letter a record.
   */
  public boolean isUnavailable() {
    return httpStatus == 0
        || httpStatus >= 500
        || httpStatus == 401
        || httpStatus == 403
        || httpStatus == 408
        || httpStatus == 429;
  }
}
