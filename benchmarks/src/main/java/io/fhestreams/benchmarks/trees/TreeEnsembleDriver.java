package io.fhestreams.benchmarks.trees;

import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.trees.TreeLowering;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures a tree ensemble, for the issue-6 note: bootstraps per sample of each lowering strategy
 * and n_bits 3..7 with the clear-quantized accuracy, then the encrypted server time per sample
 * (wall and process CPU) of a few samples under the default strategy, with encrypted == clear
 * checked. Run twice, with {@code -XX:ActiveProcessorCount=1} and {@code =2}: the engine's batch
 * bootstrap uses that many threads.
 *
 * <pre>
 * java [-XX:ActiveProcessorCount=N] -cp benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.trees.TreeEnsembleDriver \
 *     MODEL(.json|.onnx) TRAIN.csv TEST.csv TEST_LABELS.csv N_BITS SAMPLES [--no-sweep]
 * </pre>
 */
public final class TreeEnsembleDriver {
  private TreeEnsembleDriver() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6 && !(args.length == 7 && args[6].equals("--no-sweep"))) {
      System.err.println(
          "usage: MODEL TRAIN.csv TEST.csv TEST_LABELS.csv N_BITS SAMPLES [--no-sweep]");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    double[][] train = Dataset.readCsv(Path.of(args[1])).rows();
    double[][] test = Dataset.readCsv(Path.of(args[2])).rows();
    double[] labels = Dataset.readCsv(Path.of(args[3])).column("target");
    NBits nBits = new NBits(Integer.parseInt(args[4]));
    int samples = Integer.parseInt(args[5]);
    System.out.printf(
        Locale.ROOT,
        "cores available to the JVM: %d, load average %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    System.out.println(
        "n_bits strategy      bootstraps  set                                              inputs outputs accuracy(clear)");
    for (int n = 3; n <= (args.length == 7 ? 2 : 7); n++) {
      for (TreeLowering.Strategy s : TreeLowering.Strategy.values()) {
        FheTreeEnsembleModel m = load(model);
        try {
          m.compile(
              train, ModelCompileOptions.defaults().withNBits(new NBits(n)).withTreeStrategy(s));
        } catch (RuntimeException e) {
          System.out.printf(Locale.ROOT, "%6d %-12s  does not compile: %s%n", n, s, e.getMessage());
          continue;
        }
        System.out.printf(
            Locale.ROOT,
            "%6d %-12s %10d  %-48s %6d %7d %.4f%n",
            n,
            s,
            m.bootstrapsPerSample(),
            m.report().parameterSetId(),
            m.artifacts().server().circuit().inputElements(),
            m.artifacts().server().circuit().outputElements(),
            accuracy(m.predict(test, ExecutionMode.CLEAR), labels));
      }
    }

    FheTreeEnsembleModel m =
        load(model).compile(train, ModelCompileOptions.defaults().withNBits(nBits));
    System.out.printf(
        Locale.ROOT,
        "%nencrypted, n_bits %d, %s: %d bootstraps/sample, float accuracy %.4f%n",
        nBits.value(),
        m.report().parameterSetId(),
        m.bootstrapsPerSample(),
        accuracy(m.predictFloat(test), labels));
    System.out.println(m.report());
    FheClient client = FheClient.generateKeys(m.artifacts().client());
    EvaluationKeys keys =
        FheServer.readEvaluationKeys(client.evaluationKeys(), m.artifacts().server().parameters());
    FheServer server = FheServer.of(m.artifacts().server());
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Prediction[] clear = m.predict(test, ExecutionMode.CLEAR);
    int agree = 0;
    int correct = 0;
    double wallTotal = 0;
    for (int i = 0; i < samples; i++) {
      byte[] in = client.quantizeEncrypt(test[i]);
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      byte[] out = server.run(in, keys);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      Prediction p = client.decryptDequantize(out);
      agree += p.equals(clear[i]) ? 1 : 0;
      correct += p.label() == (long) labels[i] ? 1 : 0;
      if (i > 0) {
        wallTotal += wall; // sample 0 warms the JIT up
      }
      System.out.printf(
          Locale.ROOT,
          "sample %d: server %.2f s wall, %.2f s CPU; input %d B, output %d B; label %d (clear %d)%n",
          i,
          wall,
          cpu,
          in.length,
          out.length,
          p.label(),
          clear[i].label());
    }
    System.out.printf(
        Locale.ROOT,
        "mean server wall time over samples 1..%d: %.2f s/sample; encrypted == clear on %d/%d; "
            + "encrypted accuracy on these samples %.4f%n",
        samples - 1,
        wallTotal / Math.max(1, samples - 1),
        agree,
        samples,
        correct / (double) samples);
  }

  private static FheTreeEnsembleModel load(Path model) throws java.io.IOException {
    return model.toString().endsWith(".json")
        ? FheTreeEnsembleModel.fromXGBoostJson(model)
        : FheTreeEnsembleModel.fromOnnx(model);
  }

  private static double accuracy(Prediction[] p, double[] labels) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i].label() == (long) labels[i] ? 1 : 0;
    }
    return ok / (double) p.length;
  }
}
