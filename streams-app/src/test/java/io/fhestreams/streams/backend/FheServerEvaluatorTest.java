package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.streams.processor.BoundedWorkerPool;
import io.fhestreams.streams.processor.Evaluation;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.WorkerPool;
import io.fhestreams.streams.processor.WorkerPoolSize;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on real ciphertexts: results against the clear circuit, refusals with their reason,
 * bootstraps on the pool.
 */
class FheServerEvaluatorTest {

  private final FheServerEvaluator evaluator = new FheServerEvaluator();

  @Test
  void shouldEvaluateEveryTestSampleLikeTheClearQuantizedModel() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    FheClient client = FheClient.generateKeys(m.client());
    FheServer server = FheServer.of(m.server());
    ModelAndKeys mk =
        new ModelAndKeys(
            server, FheServer.readEvaluationKeys(client.evaluationKeys(), m.server().parameters()));
    try (BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(2, 16))) {
      double[][] test = RealStack.breastCancerTest();
      for (double[] x : test) {
        Evaluation e = evaluator.evaluate(mk, client.quantizeEncrypt(x), pool);
        assertThat(e.bootstraps()).isZero();
        assertThat(client.decrypt(e.outputCiphertexts()))
            .containsExactly(server.runClear(m.client().quantize(x)));
      }
    }
  }

  @Test
  void inputsOfTheWrongCountOrParameterSet_areRefusedWithTheReadersMessage() throws Exception {
    ModelArtifacts m = RealStack.breastCancer();
    ModelArtifacts lookup = RealStack.lookup("lut");
    FheClient client = FheClient.generateKeys(m.client());
    ModelAndKeys mk =
        new ModelAndKeys(
            FheServer.of(m.server()),
            FheServer.readEvaluationKeys(client.evaluationKeys(), m.server().parameters()));
    int n = m.server().circuit().inputElements();
    ParameterSet ours = m.server().parameters();
    try (BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(1, 4))) {
      // the model's inputs are one GLWE ciphertext of 30 coefficients in N' = 32 (k' = 64)
      byte[] otherShape =
          CiphertextFormats.toBytes(
              client
                  .clientKey()
                  .encryptSeededGlwe(
                      new long[64],
                      new GlweDimension(32),
                      new PolynomialSize(64),
                      new CiphertextModulusLog(46)),
              ours);
      InferenceException shape =
          catchThrowableOfType(
              InferenceException.class, () -> evaluator.evaluate(mk, otherShape, pool));
      assertThat(shape.reason()).isEqualTo(FailureReason.WRONG_CIPHERTEXT_SIZE);
      assertThat(shape.getMessage())
          .contains("has k=32, N=64, 46 body bits; expected k=64, N=32, 46 body bits");
      byte[] lweList =
          CiphertextFormats.toBytes(client.clientKey().encryptSeeded(new long[n]), ours);
      InferenceException kind =
          catchThrowableOfType(
              InferenceException.class, () -> evaluator.evaluate(mk, lweList, pool));
      assertThat(kind.reason()).isEqualTo(FailureReason.WRONG_CIPHERTEXT_SIZE);
      assertThat(kind.getMessage()).contains("found SEEDED_LWE_CIPHERTEXT_LIST");
      byte[] foreign = FheClient.generateKeys(lookup.client()).encrypt(new long[] {1, 2});
      InferenceException set =
          catchThrowableOfType(
              InferenceException.class, () -> evaluator.evaluate(mk, foreign, pool));
      assertThat(set.reason()).isEqualTo(FailureReason.PARAMETER_SET_MISMATCH);
      assertThat(set.getMessage()).contains(lookup.server().parameters().id());
      InferenceException garbage =
          catchThrowableOfType(
              InferenceException.class, () -> evaluator.evaluate(mk, new byte[] {1, 2, 3}, pool));
      assertThat(garbage.reason()).isEqualTo(FailureReason.WRONG_CIPHERTEXT_SIZE);
    }
  }

  /**
   * A bootstrapping circuit: the two bootstraps of its lookup node run as tasks of the shared pool.
   */
  @Test
  void bootstrapsShouldRunOnTheSharedPool() throws Exception {
    ModelArtifacts m = RealStack.lookup("lut");
    FheClient client = FheClient.generateKeys(m.client());
    FheServer server = FheServer.of(m.server());
    ModelAndKeys mk =
        new ModelAndKeys(
            server, FheServer.readEvaluationKeys(client.evaluationKeys(), m.server().parameters()));
    AtomicInteger tasks = new AtomicInteger();
    try (BoundedWorkerPool pool = new BoundedWorkerPool(new WorkerPoolSize(2, 16))) {
      WorkerPool counting =
          new WorkerPool() {
            @Override
            public int parallelism() {
              return pool.parallelism();
            }

            @Override
            public <T> List<T> invokeAll(List<? extends Callable<T>> work)
                throws ExecutionException, InterruptedException {
              tasks.addAndGet(work.size());
              return pool.invokeAll(work);
            }
          };
      long[] q = {3, 1};
      Evaluation e = evaluator.evaluate(mk, client.encrypt(q), counting);
      assertThat(e.bootstraps()).isEqualTo(2);
      assertThat(client.decrypt(e.outputCiphertexts())).containsExactly(server.runClear(q));
      assertThat(tasks.get()).isEqualTo(2);
    }
  }
}
