package io.fhestreams.benchmarks.nn;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.models.nn.FheNeuralNetClassifier;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The separately-run check of issue #7 (too slow for the unit suite): compiles a digits net, prints
 * its accuracy fp32 / clear-quantized / simulated on the whole test set, then runs the first {@code
 * samples} test rows encrypted and compares them with the clear-quantized circuit (labels and exact
 * scores), with the bootstraps per sample and the wall-clock seconds per encrypted sample on this
 * JVM's processors (set the thread count with {@code -XX:ActiveProcessorCount=N}), and the process
 * CPU time per sample (the fairer figure on a shared machine).
 *
 * <p>Usage: {@code NeuralNetCheck FIXTURES_DIR mlp|cnn
 * INPUT_BITS:WEIGHT_BITS:ACTIVATION_BITS:ROUNDING_BITS SAMPLES}
 */
public final class NeuralNetCheck {
  private NeuralNetCheck() {}

  /** Runs the check; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: NeuralNetCheck FIXTURES_DIR mlp|cnn IN:W:ACT:ROUND SAMPLES");
    }
    Path fixtures = Path.of(args[0]);
    int[] bits = Arrays.stream(args[2].split(":")).mapToInt(Integer::parseInt).toArray();
    int samples = Integer.parseInt(args[3]);
    double[][] train = Dataset.readCsv(fixtures.resolve("digits_train.csv")).rows();
    double[][] test = Dataset.readCsv(fixtures.resolve("digits_test.csv")).rows();
    double[] labels = Dataset.readCsv(fixtures.resolve("digits_test_labels.csv")).column("target");
    FheNeuralNetClassifier model =
        FheNeuralNetClassifier.fromOnnx(fixtures.resolve("nn/digits_" + args[1] + ".onnx"));
    model.compile(
        train,
        ModelCompileOptions.defaults()
            .withNBits(new NBits(bits[0]))
            .withWeightBits(new NBits(bits[1]))
            .withActivationBits(new NBits(bits[2]))
            .withRoundingBits(bits[3]));
    System.out.print(model.report().format());
    Prediction[] clear = model.predict(test, ExecutionMode.CLEAR);
    System.out.printf(
        Locale.ROOT,
        "accuracy on %d test rows: fp32 %.4f  clear-quantized %.4f  simulated %.4f%n",
        test.length,
        accuracy(model.predictFloat(test), labels),
        accuracy(clear, labels),
        accuracy(model.predict(test, ExecutionMode.SIMULATE), labels));
    long t0 = System.nanoTime();
    model.inference().client();
    long t1 = System.nanoTime();
    double[][] rows = Arrays.copyOf(test, samples);
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    Prediction[] encrypted = model.predict(rows, ExecutionMode.ENCRYPT);
    long t2 = System.nanoTime();
    long cpu = os.getProcessCpuTime() - cpu0;
    int sameLabel = 0;
    int sameScores = 0;
    int correct = 0;
    for (int i = 0; i < samples; i++) {
      sameLabel += encrypted[i].label() == clear[i].label() ? 1 : 0;
      sameScores += Arrays.equals(encrypted[i].values(), clear[i].values()) ? 1 : 0;
      correct += encrypted[i].label() == (long) labels[i] ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "encrypted on %d rows (%d processors): accuracy %.4f, label == clear %d/%d,"
            + " scores == clear %d/%d; keys %.1f s, %.1f s wall and %.1f s process CPU per sample,"
            + " %d bootstraps per sample; load average %.1f%n",
        samples,
        Runtime.getRuntime().availableProcessors(),
        correct / (double) samples,
        sameLabel,
        samples,
        sameScores,
        samples,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9 / samples,
        cpu / 1e9 / samples,
        model.report().bootstraps(),
        os.getSystemLoadAverage());
  }

  private static double accuracy(Prediction[] p, double[] labels) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i].label() == (long) labels[i] ? 1 : 0;
    }
    return ok / (double) p.length;
  }
}
