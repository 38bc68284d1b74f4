package io.fhestreams.ml.models;

import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.quantization.Prediction;
import java.util.SplittableRandom;

/**
 * Runs a compiled model in one process, in any {@link ExecutionMode}: the client half quantizes and
 * post-processes, the server half evaluates. In {@code ENCRYPT} mode keys are generated once, on
 * first use, and the server only ever sees ciphertexts and evaluation keys. Not thread-safe.
 */
public final class LocalInference {
  private final ModelArtifacts artifacts;
  private final FheServer server;
  private final SplittableRandom simulationRandom;
  private FheClient client;
  private EvaluationKeys evaluationKeys;

  /**
   * Inference over {@code artifacts}; simulation errors are drawn from {@code simulationRandom}.
   */
  public LocalInference(ModelArtifacts artifacts, SplittableRandom simulationRandom) {
    this.artifacts = artifacts;
    this.server = FheServer.of(artifacts.server());
    this.simulationRandom = simulationRandom;
  }

  /** The artifacts run. */
  public ModelArtifacts artifacts() {
    return artifacts;
  }

  /** Predicts one sample. */
  public Prediction predict(double[] features, ExecutionMode mode) {
    long[] q = artifacts.client().quantize(features);
    return switch (mode) {
      case CLEAR -> artifacts.client().dequantize(server.runClear(q));
      case SIMULATE -> artifacts.client().dequantize(server.runSimulated(q, simulationRandom));
      case ENCRYPT -> {
        FheClient c = client();
        yield c.decryptDequantize(server.run(c.encrypt(q), evaluationKeys));
      }
    };
  }

  /** Predicts every row. */
  public Prediction[] predict(double[][] rows, ExecutionMode mode) {
    Prediction[] out = new Prediction[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = predict(rows[i], mode);
    }
    return out;
  }

  /** The client with its keys, generated on first use. */
  public FheClient client() {
    if (client == null) {
      client = FheClient.generateKeys(artifacts.client());
      // through bytes, as a remote server would get them; read once, as a server caches them
      evaluationKeys =
          FheServer.readEvaluationKeys(client.evaluationKeys(), artifacts.server().parameters());
    }
    return client;
  }
}
