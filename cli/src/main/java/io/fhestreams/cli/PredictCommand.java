package io.fhestreams.cli;

import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.LocalInference;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe predict}: runs a compiled model locally, without Kafka, and writes one row per input
 * row: {@code prediction} (class label or value), then for classifiers {@code proba_<class>}
 * columns (or {@code score_<class>} for classifiers without probabilities, such as linear SVC).
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Run a compiled model locally (clear, simulated or encrypted) on a CSV of features.")
public final class PredictCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "directory written by fhe compile")
  Path model;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "CSV",
      description = "features: a header row, then one row per sample")
  Path input;

  @Option(
      names = "--mode",
      defaultValue = "clear",
      paramLabel = "MODE",
      description = "clear, simulate or encrypt (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "CSV",
      description = "where to write the predictions")
  Path out;

  @Override
  public Integer call() throws Exception {
    ExecutionMode executionMode = ExecutionMode.parse(mode);
    ModelArtifacts artifacts = ModelArtifacts.load(model);
    Dataset data = Dataset.readCsv(input);
    List<String> expected = artifacts.client().featureNames();
    if (!data.columns().equals(expected)) {
      throw new IllegalArgumentException(
          input
              + ": columns "
              + data.columns()
              + " do not match the model's input schema "
              + expected);
    }
    LocalInference inference = new LocalInference(artifacts, new SplittableRandom());
    PostProcessing post = artifacts.client().postProcessing();
    double[][] rows = data.rows();
    boolean terminal = System.console() != null;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        ProgressBar bar =
            terminal
                ? new ProgressBar(
                    "predict (" + executionMode.name().toLowerCase() + ")", rows.length)
                : null) {
      w.write(header(post));
      w.newLine();
      for (double[] row : rows) {
        w.write(format(inference.predict(row, executionMode)));
        w.newLine();
        if (bar != null) {
          bar.step();
        }
      }
    }
    spec.commandLine()
        .getOut()
        .println(
            "wrote "
                + rows.length
                + " predictions ("
                + executionMode.name().toLowerCase()
                + ") to "
                + out);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static String header(PostProcessing post) {
    StringBuilder h = new StringBuilder("prediction");
    String prefix = post.producesProbabilities() ? "proba_" : "score_";
    for (long label : post.classLabels()) {
      h.append(',').append(prefix).append(label);
    }
    return h.toString();
  }

  private static String format(Prediction p) {
    if (!p.classifier()) {
      return Double.toString(p.values()[0]);
    }
    StringBuilder s = new StringBuilder(Long.toString(p.label()));
    for (double v : p.values()) {
      s.append(',').append(v);
    }
    return s.toString();
  }
}
