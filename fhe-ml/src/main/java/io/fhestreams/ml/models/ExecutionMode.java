package io.fhestreams.ml.models;

import java.util.Arrays;
import java.util.Locale;

/**
 * How {@code predict} runs a compiled model (Concrete ML's {@code
 * fhe="disable"|"simulate"|"execute"}). All three share quantization in and de-quantization out;
 * only the circuit executor differs.
 */
public enum ExecutionMode {
  /** The circuit on clear integers: the quantized model, exactly. */
  CLEAR,
  /** Clear integers plus errors drawn from the noise model at the compiled failure rate. */
  SIMULATE,
  /** Key generation, encryption, homomorphic evaluation, decryption. */
  ENCRYPT;

  /**
   * Parses {@code clear}, {@code simulate} or {@code encrypt} (any case); other values are refused
   * with the list.
   */
  public static ExecutionMode parse(String text) {
    for (ExecutionMode m : values()) {
      if (m.name().equalsIgnoreCase(text)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown execution mode '"
            + text
            + "'; accepted: "
            + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
  }
}
