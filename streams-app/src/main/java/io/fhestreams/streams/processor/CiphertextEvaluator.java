package io.fhestreams.streams.processor;

/**
 * Evaluates a compiled model homomorphically on a request's input ciphertexts. The real
 * implementation adapts the compiler's {@code FheServer}.
 *
 * <p>Contract: parse {@code inputCiphertexts} (the request's bytes, exactly), evaluate, and return
 * the framed output ciphertexts with the number of bootstraps done; or throw an {@link
 * InferenceException} with reason {@link FailureReason#WRONG_CIPHERTEXT_SIZE} (count or size not
 * what the model expects), {@link FailureReason#PARAMETER_SET_MISMATCH} (ciphertexts framed for
 * another parameter set) or {@link FailureReason#EVALUATION_ERROR}. The independent pieces of work
 * of one request (bootstraps) go to {@code pool}, shared by all stream threads; the call blocks
 * until the result is ready. Thread-safe.
 *
 * @param <M> the model-and-keys type produced by the matching {@link ModelResolver}
 */
@FunctionalInterface
public interface CiphertextEvaluator<M> {

  /**
   * Evaluates {@code modelAndKeys} on {@code inputCiphertexts}, spreading the work over {@code
   * pool}.
   */
  Evaluation evaluate(M modelAndKeys, byte[] inputCiphertexts, WorkerPool pool)
      throws InferenceException;

  /**
   * What one evaluation of {@code modelAndKeys} costs, from the model's compile report; cheap to
   * call for every record. By default {@link EvaluationCost#UNKNOWN}: run under the deadline, alone
   * in its poll and its transaction.
   */
  default EvaluationCost cost(M modelAndKeys) {
    return EvaluationCost.UNKNOWN;
  }
}
