package io.fhestreams.streams.processor;

import io.fhestreams.schemas.serde.SchemaRegistryException;

/** Tells failures that will pass (schema registry down, throttling) from facts about a record. */
public final class TransientFailures {

  private TransientFailures() {}

  /**
   * True when a {@link SchemaRegistryException} among the causes of {@code t} is {@linkplain
   * SchemaRegistryException#isUnavailable() transient}: the record is read again, never
   * dead-lettered.
   */
  public static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SchemaRegistryException sre && sre.isUnavailable()) {
        return true;
      }
    }
    return false;
  }
}
