package io.fhestreams.streams.processor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * TEST DOUBLE for {@link CiphertextEvaluator}: cheap, deterministic, NOT cryptography. The input is
 * cut into {@link InMemoryTestResolver#CIPHERTEXT_SIZE}-byte "ciphertexts"; each is mapped, on the
 * worker pool, to one output byte (a checksum mixed with the model coordinates), and counts as one
 * "bootstrap".
 *
 * <p>Markers in the first input byte trigger failures: {@link #EVALUATION_ERROR_MARKER} throws
 * {@code EVALUATION_ERROR}, {@link #BUG_MARKER} throws an unexpected runtime exception, {@link
 * #OUT_OF_MEMORY_MARKER} an OutOfMemoryError, {@link #STALL_MARKER} waits until interrupted. {@link
 * #expectedOutput} computes the same result without the pool, so tests can check every prediction.
 */
public final class ChecksumTestEvaluator implements CiphertextEvaluator<TestModel> {

  /** First byte that makes evaluation fail with EVALUATION_ERROR. */
  public static final byte EVALUATION_ERROR_MARKER = (byte) 0xEE;

  /** First byte that makes evaluation throw an unexpected IllegalStateException. */
  public static final byte BUG_MARKER = (byte) 0x99;

  /** First byte that makes evaluation throw an OutOfMemoryError (as one huge record would). */
  public static final byte OUT_OF_MEMORY_MARKER = (byte) 0x0E;

  /** First byte that makes evaluation wait until interrupted (a runaway evaluation). */
  public static final byte STALL_MARKER = (byte) 0x57;

  /**
   * First bytes that trigger a failure; {@link TestRequests} never starts good inputs with them.
   */
  public static final java.util.Set<Byte> MARKERS =
      java.util.Set.of(EVALUATION_ERROR_MARKER, BUG_MARKER, OUT_OF_MEMORY_MARKER, STALL_MARKER);

  @Override
  public Evaluation evaluate(TestModel model, byte[] inputs, WorkerPool pool)
      throws InferenceException {
    int size = model.ciphertextSize();
    if (inputs.length == 0 || inputs.length % size != 0) {
      throw new InferenceException(
          FailureReason.WRONG_CIPHERTEXT_SIZE,
          "input of "
              + inputs.length
              + " bytes is not a positive multiple of the "
              + size
              + "-byte ciphertext size");
    }
    if (inputs[0] == EVALUATION_ERROR_MARKER) {
      throw new InferenceException(
          FailureReason.EVALUATION_ERROR, "test evaluator refused the marked input");
    }
    if (inputs[0] == BUG_MARKER) {
      throw new IllegalStateException("test evaluator bug triggered");
    }
    if (inputs[0] == OUT_OF_MEMORY_MARKER) {
      throw new OutOfMemoryError("test evaluator: Java heap space");
    }
    if (inputs[0] == STALL_MARKER) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InferenceException(
            FailureReason.EVALUATION_ERROR, "stalled evaluation stopped", e);
      }
    }
    int salt = salt(model.coordinates());
    List<Callable<Byte>> tasks = new ArrayList<>();
    for (int off = 0; off < inputs.length; off += size) {
      int start = off;
      tasks.add(() -> digest(Arrays.copyOfRange(inputs, start, start + size), salt));
    }
    try {
      List<Byte> out = pool.invokeAll(tasks);
      byte[] bytes = new byte[out.size()];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = out.get(i);
      }
      return new Evaluation(bytes, tasks.size());
    } catch (ExecutionException e) {
      throw new InferenceException(
          FailureReason.EVALUATION_ERROR, "worker failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException(FailureReason.EVALUATION_ERROR, "interrupted", e);
    }
  }

  /** The output the evaluator produces for {@code inputs}, computed sequentially. */
  public static byte[] expectedOutput(ModelCoordinates coordinates, byte[] inputs) {
    int size = InMemoryTestResolver.CIPHERTEXT_SIZE;
    byte[] out = new byte[inputs.length / size];
    for (int i = 0; i < out.length; i++) {
      out[i] = digest(Arrays.copyOfRange(inputs, i * size, (i + 1) * size), salt(coordinates));
    }
    return out;
  }

  private static int salt(ModelCoordinates c) {
    return (c.modelName() + "|" + c.modelVersion() + "|" + c.keyId()).hashCode();
  }

  private static byte digest(byte[] chunk, int salt) {
    return (byte) (Arrays.hashCode(chunk) * 31 + salt);
  }

  @Override
  public String toString() {
    return "ChecksumTestEvaluator (test double, no crypto)";
  }
}
