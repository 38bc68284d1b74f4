package io.fhestreams.benchmarks.deploy;

import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.FheLogisticRegression;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One encrypted prediction of a linear model (no bootstrap, leveled set), split into its client and
 * server parts: quantize + encrypt (client), evaluate (server), decrypt + de-quantize +
 * post-process (client). Shapes: {@code 30x2} = breast cancer (30 features, binary), {@code 13x3} =
 * wine. The model is a logistic regression with seeded random coefficients; its cost depends on the
 * shape only.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LinearModelBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LinearModelBenchmark {

  @Param({"30x2", "13x3"})
  public String shape;

  private FheClient client;
  private FheServer server;
  private byte[] evaluationKeys;
  private double[] sample;
  private byte[] encryptedInput;
  private byte[] encryptedOutput;

  @Setup(Level.Trial)
  public void setUp() {
    String[] parts = shape.split("x");
    int features = Integer.parseInt(parts[0]);
    int classes = Integer.parseInt(parts[1]);
    int rows = classes == 2 ? 1 : classes;
    SplittableRandom random = new SplittableRandom(42);
    double[][] w = new double[rows][features];
    double[] b = new double[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < features; j++) {
        w[i][j] = random.nextDouble(-2, 2);
      }
      b[i] = random.nextDouble(-1, 1);
    }
    double[][] calibration = new double[200][features];
    for (double[] row : calibration) {
      for (int j = 0; j < features; j++) {
        row[j] = random.nextDouble(-3, 3);
      }
    }
    ModelArtifacts artifacts =
        FheLogisticRegression.fromCoefficients(w, b)
            .compile(calibration, ModelCompileOptions.defaults().withNBits(new NBits(8)))
            .artifacts();
    client = FheClient.generateKeys(artifacts.client());
    server = FheServer.of(artifacts.server());
    evaluationKeys = client.evaluationKeys();
    sample = calibration[7];
    encryptedInput = client.quantizeEncrypt(sample);
    encryptedOutput = server.run(encryptedInput, evaluationKeys);
    System.out.printf(
        "%n%s: input %d bytes, output %d bytes per sample%n",
        shape, encryptedInput.length, encryptedOutput.length);
  }

  /** Client: quantize and encrypt one sample (seeded ciphertext list blob). */
  @Benchmark
  public byte[] clientQuantizeEncrypt() {
    return client.quantizeEncrypt(sample);
  }

  /** Server: read the input blob, regenerate masks, evaluate the circuit, write the output blob. */
  @Benchmark
  public byte[] serverRun() {
    return server.run(encryptedInput, evaluationKeys);
  }

  /** Client: read the output blob, decrypt, de-quantize and post-process. */
  @Benchmark
  public Prediction clientDecryptDequantize() {
    return client.decryptDequantize(encryptedOutput);
  }
}
