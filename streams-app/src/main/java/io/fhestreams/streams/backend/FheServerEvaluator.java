package io.fhestreams.streams.backend;

import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.serialization.BlobFormatException;
import io.fhestreams.ml.compiler.CircuitCost;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.streams.processor.CiphertextEvaluator;
import io.fhestreams.streams.processor.Evaluation;
import io.fhestreams.streams.processor.EvaluationCost;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.WorkerPool;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Evaluates a request with the model's {@code FheServer} and the sender's keys. The input blob is
 * read with the expected parameter set and ciphertext count: a blob of another parameter set is
 * {@code PARAMETER_SET_MISMATCH}, any other refusal (kind, count, length, checksum) {@code
 * WRONG_CIPHERTEXT_SIZE}, both with the blob reader's message. The independent bootstraps of each
 * circuit node run on the shared {@link WorkerPool}. Thread-safe (stateless).
 */
public final class FheServerEvaluator implements CiphertextEvaluator<ModelAndKeys> {

  @Override
  public Evaluation evaluate(ModelAndKeys m, byte[] inputCiphertexts, WorkerPool pool)
      throws InferenceException {
    byte[] out;
    try {
      out = m.server().run(inputCiphertexts, m.keys(), runnerOf(pool));
    } catch (BlobFormatException e) {
      FailureReason reason =
          e.reason() == BlobFormatException.Reason.PARAMETER_SET
              ? FailureReason.PARAMETER_SET_MISMATCH
              : FailureReason.WRONG_CIPHERTEXT_SIZE;
      throw new InferenceException(
          reason,
          "input ciphertexts for model "
              + m.server().artifact().modelName()
              + " ("
              + m.server().artifact().parameters().id()
              + ", "
              + m.server().artifact().circuit().inputElements()
              + " inputs) refused: "
              + e.getMessage());
    } catch (RuntimeException e) {
      throw new InferenceException(
          FailureReason.EVALUATION_ERROR,
          "evaluation of model " + m.server().artifact().modelName() + " failed: " + e,
          e);
    }
    return new Evaluation(out, m.server().bootstrapsPerSample());
  }

  /**
   * The circuit's bootstraps, and its leveled operations times the ciphertext length plus the
   * regeneration of every input's mask, from {@link FheServer#cost()} (counted once per server).
   */
  @Override
  public EvaluationCost cost(ModelAndKeys m) {
    FheServer server = m.server();
    CircuitCost cost = server.cost();
    long ciphertextLongs = server.artifact().parameters().bigLweDimension().value() + 1L;
    long inputs = server.artifact().circuit().inputElements();
    long leveled = saturatedMultiply(cost.leveledOperations(), ciphertextLongs);
    long masks = saturatedMultiply(inputs, ciphertextLongs);
    long multiplyAdds = leveled > Long.MAX_VALUE - masks ? Long.MAX_VALUE : leveled + masks;
    return new EvaluationCost(cost.bootstraps(), multiplyAdds);
  }

  private static long saturatedMultiply(long a, long b) {
    return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }

  /** The engine's view of the shared pool: a node's bootstraps split into one task per worker. */
  static TaskRunner runnerOf(WorkerPool pool) {
    return new TaskRunner() {
      @Override
      public int parallelism() {
        return pool.parallelism();
      }

      @Override
      public void runAll(List<? extends Runnable> tasks) {
        List<Callable<Void>> callables =
            tasks.stream()
                .<Callable<Void>>map(
                    t ->
                        () -> {
                          t.run();
                          return null;
                        })
                .toList();
        try {
          pool.invokeAll(callables);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a bootstrap failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while bootstrapping", e);
        }
      }
    };
  }
}
