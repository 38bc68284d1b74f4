package io.fhestreams.cli;

import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLinearModel;
import io.fhestreams.ml.models.nn.FheNeuralNetClassifier;
import io.fhestreams.ml.models.nn.NetQuantization;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.trees.OnnxTreeImporter;
import io.fhestreams.ml.trees.TreeLowering;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe compile}: imports an ONNX model, quantizes it on calibration data, compiles it and
 * writes the client and server artifacts to a directory, then prints the compile report.
 */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description =
        "Import an ONNX model, quantize it on calibration data, compile it and write its artifacts.")
public final class CompileCommand implements Callable<Integer> {
  /**
   * Uniform bits for neural nets when --n-bits is not given: the digits nets' accuracy floor holds
   * at 3.
   */
  private static final int NEURAL_NET_DEFAULT_N_BITS = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE",
      description =
          "the ONNX model (linear, or an ai.onnx.ml tree ensemble) or an XGBoost JSON model file")
  Path model;

  @Option(
      names = "--calibration",
      required = true,
      paramLabel = "CSV",
      description = "calibration data: a header row, then feature columns only")
  Path calibration;

  @Option(
      names = "--n-bits",
      paramLabel = "N",
      description =
          "bits of quantized inputs and weights; neural nets: inputs and activations"
              + " (default: 8 for linear models, 7 for tree ensembles, 3 for neural nets)")
  Integer nBits;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "directory for the artifacts")
  Path out;

  @Option(
      names = "--p-fail-log2",
      defaultValue = "-40",
      paramLabel = "LOG2",
      description =
          "largest acceptable failure probability of one evaluation, as log2 (default: ${DEFAULT-VALUE})")
  double log2PFail;

  @Option(
      names = "--neural-net",
      description = "import the model as a neural net (MLP or small CNN) evaluated with lookups")
  boolean neuralNet;

  @Option(
      names = "--weight-bits",
      paramLabel = "N",
      description = "neural nets: bits of the weights (default: --n-bits)")
  Integer weightBits;

  @Option(
      names = "--rounding-bits",
      defaultValue = "" + FheNeuralNetClassifier.DEFAULT_ROUNDING_BITS,
      paramLabel = "N",
      description =
          "neural nets: accumulators are rounded exactly to this many top bits before each lookup, 0 for none"
              + " (default: ${DEFAULT-VALUE})")
  int roundingBits;

  @Override
  public Integer call() throws Exception {
    String file = model.getFileName().toString();
    Dataset data = Dataset.readCsv(calibration);
    if (neuralNet) {
      FheNeuralNetClassifier net = FheNeuralNetClassifier.fromOnnx(model);
      if (data.columns().size() != net.net().inputs()) {
        throw new IllegalArgumentException(
            calibration
                + " has "
                + data.columns().size()
                + " columns, net "
                + file
                + " expects "
                + net.net().inputs()
                + " features");
      }
      NBits n = new NBits(nBits == null ? NEURAL_NET_DEFAULT_N_BITS : nBits);
      NBits w = weightBits == null ? n : new NBits(weightBits);
      net.withFeatureNames(data.columns())
          .compile(
              data.rows(), new NetQuantization(n, List.of(w), List.of(n), roundingBits), log2PFail);
      return written(net.name(), net.artifacts());
    }
    if (file.endsWith(".json") || OnnxTreeImporter.isTreeEnsemble(model)) {
      return compileTrees(data);
    }
    FheLinearModel m = FheLinearModel.fromOnnx(model);
    if (data.columns().size() != m.affineMap().inputs()) {
      throw new IllegalArgumentException(
          calibration
              + " has "
              + data.columns().size()
              + " columns, model "
              + file
              + " expects "
              + m.affineMap().inputs()
              + " features");
    }
    m.withFeatureNames(data.columns())
        .compile(
            data.rows(),
            nBits == null ? FheLinearModel.DEFAULT_N_BITS : new NBits(nBits),
            CompileOptions.defaults().withLog2PFailTarget(log2PFail));
    return written(m.name(), m.artifacts());
  }

  /** XGBoost JSON or an ONNX tree ensemble: the tree family's default lowering. */
  private Integer compileTrees(Dataset data) throws Exception {
    FheTreeEnsembleModel m =
        model.getFileName().toString().endsWith(".json")
            ? FheTreeEnsembleModel.fromXGBoostJson(model)
            : FheTreeEnsembleModel.fromOnnx(model);
    if (data.columns().size() != m.ensemble().features()) {
      throw new IllegalArgumentException(
          calibration
              + " has "
              + data.columns().size()
              + " columns, model "
              + model.getFileName()
              + " expects "
              + m.ensemble().features()
              + " features");
    }
    m.withFeatureNames(data.columns())
        .compile(
            data.rows(),
            nBits == null ? FheTreeEnsembleModel.DEFAULT_N_BITS : new NBits(nBits),
            TreeLowering.Strategy.THERMOMETER,
            FheTreeEnsembleModel.DEFAULT_LEAF_BITS,
            CompileOptions.defaults().withLog2PFailTarget(log2PFail));
    return written(m.name(), m.artifacts());
  }

  private int written(String name, ModelArtifacts artifacts) throws java.io.IOException {
    artifacts.save(out);
    spec.commandLine().getOut().println("compiled " + name + " to " + out);
    spec.commandLine().getOut().print(InspectCommand.describe(artifacts));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
