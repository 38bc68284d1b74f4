package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.util.Objects;

/**
 * What the processor makes of one request: a prediction or a dead letter. The topology branches on
 * it.
 */
public sealed interface InferenceOutcome {

  /** True for a {@link Predicted}. */
  boolean isPrediction();

  /** The request was answered. */
  record Predicted(EncryptedPrediction prediction) implements InferenceOutcome {
    /** Validates the field. */
    public Predicted {
      Objects.requireNonNull(prediction, "prediction");
    }

    @Override
    public boolean isPrediction() {
      return true;
    }
  }

  /** The request failed and goes to the dead-letter topic. */
  record DeadLettered(DeadLetter deadLetter) implements InferenceOutcome {
    /** Validates the field. */
    public DeadLettered {
      Objects.requireNonNull(deadLetter, "deadLetter");
    }

    @Override
    public boolean isPrediction() {
      return false;
    }
  }

  /** The prediction; only for a {@link Predicted}. */
  static EncryptedPrediction prediction(InferenceOutcome outcome) {
    return ((Predicted) outcome).prediction();
  }

  /** The dead letter; only for a {@link DeadLettered}. */
  static DeadLetter deadLetter(InferenceOutcome outcome) {
    return ((DeadLettered) outcome).deadLetter();
  }
}
