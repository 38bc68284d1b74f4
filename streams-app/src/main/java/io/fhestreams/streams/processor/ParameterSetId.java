package io.fhestreams.streams.processor;

/**
 * Id of a TFHE parameter set, as carried by requests, compiled models and evaluation keys.
 *
 * @param value the id, not blank
 */
public record ParameterSetId(String value) {
  /** Validates the id. */
  public ParameterSetId {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("parameter-set id must not be blank, found " + value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
