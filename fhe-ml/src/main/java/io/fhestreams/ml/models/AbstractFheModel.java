package io.fhestreams.ml.models;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.compiler.CompileReport;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What every family does the same way (Concrete ML's {@code BaseEstimator}): the input schema,
 * compile = the family's {@link #lower lowering} then the compiler then the client and server
 * artifacts, and prediction through {@link LocalInference}. A family only says how it quantizes and
 * lowers itself, and how it predicts in double precision.
 *
 * @param <M> the family's class, returned by the chaining methods
 */
public abstract class AbstractFheModel<M extends AbstractFheModel<M>> implements FheModel {
  /** Simulation errors are drawn from this seed, so that simulated predictions repeat. */
  private static final long SIMULATION_SEED = 0x5EEDL;

  private final String name;
  private final int features;
  private List<String> featureNames;
  private ModelArtifacts artifacts;
  private LocalInference inference;

  /**
   * A model of {@code features} inputs, named {@code featurePrefix + index} until {@link
   * #withFeatureNames}.
   */
  protected AbstractFheModel(String name, int features, String featurePrefix) {
    this.name = name;
    this.features = features;
    List<String> names = new ArrayList<>();
    for (int j = 0; j < features; j++) {
      names.add(featurePrefix + j);
    }
    this.featureNames = List.copyOf(names);
  }

  /**
   * What a family's lowering produces: the integer circuit and how the client encodes its inputs
   * and decodes its outputs.
   *
   * @param circuit the circuit
   * @param inputQuantizers one quantizer per feature
   * @param outputScales per output: y = scale · acc + offset
   * @param outputOffsets per output
   * @param postProcessing what the client applies to the de-quantized outputs
   * @param layout how features and outputs map onto circuit inputs and outputs
   * @param compiled the circuit compiled under {@code options.compilerOptions(defaultCandidates())}
   *     when the lowering compiled it already (to choose among lowerings by their compiled cost):
   *     {@link #compile} reuses it rather than compile it again
   */
  public record Lowered(
      Circuit circuit,
      List<UniformQuantizer> inputQuantizers,
      double[] outputScales,
      double[] outputOffsets,
      PostProcessing postProcessing,
      IoLayout layout,
      Optional<CompiledCircuit> compiled) {
    public Lowered {
      if (compiled.isPresent() && compiled.get().circuit() != circuit) {
        throw new IllegalArgumentException("a lowering's compiled circuit must be its own circuit");
      }
    }

    /** A lowering that leaves the compiling to {@link #compile}. */
    public Lowered(
        Circuit circuit,
        List<UniformQuantizer> inputQuantizers,
        double[] outputScales,
        double[] outputOffsets,
        PostProcessing postProcessing,
        IoLayout layout) {
      this(
          circuit,
          inputQuantizers,
          outputScales,
          outputOffsets,
          postProcessing,
          layout,
          Optional.empty());
    }
  }

  /** Quantizes the model on {@code calibration} and lowers it to an integer circuit. */
  protected abstract Lowered lower(double[][] calibration, ModelCompileOptions options);

  /** The parameter sets the compiler chooses from unless the options name others. */
  protected List<ParameterSet> defaultCandidates() {
    return CompileOptions.DEFAULT_CANDIDATES;
  }

  /** This model, typed as its family. */
  protected abstract M self();

  @Override
  public String name() {
    return name;
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public M withFeatureNames(List<String> names) {
    if (names.size() != features) {
      throw new IllegalArgumentException(
          "model '" + name + "' has " + features + " features, found " + names.size() + " names");
    }
    this.featureNames = List.copyOf(names);
    return self();
  }

  @Override
  public M compile(double[][] calibration, ModelCompileOptions options) {
    Lowered lowered = lower(calibration, options);
    CompiledCircuit compiled =
        lowered
            .compiled()
            .orElseGet(
                () ->
                    Compiler.compile(
                        lowered.circuit(), options.compilerOptions(defaultCandidates())));
    ClientArtifact client =
        new ClientArtifact(
            name,
            "1",
            featureNames,
            lowered.inputQuantizers(),
            lowered.outputScales(),
            lowered.outputOffsets(),
            lowered.postProcessing(),
            compiled.parameters().id(),
            compiled.report(),
            lowered.layout(),
            compiled.packedOutputs(),
            compiled.coefficientEncoding());
    ServerArtifact server =
        new ServerArtifact(
            name,
            "1",
            compiled.parameters(),
            lowered.circuit(),
            compiled.noise(),
            compiled.outputModulusLog(),
            compiled.packedOutputs(),
            compiled.coefficientEncoding());
    this.artifacts = new ModelArtifacts(client, server);
    this.inference = new LocalInference(artifacts, new SplittableRandom(SIMULATION_SEED));
    return self();
  }

  @Override
  public ModelArtifacts artifacts() {
    checkCompiled();
    return artifacts;
  }

  @Override
  public CompileReport report() {
    return artifacts().client().report();
  }

  @Override
  public Prediction[] predict(double[][] x, ExecutionMode mode) {
    checkCompiled();
    return inference.predict(x, mode);
  }

  @Override
  public LocalInference inference() {
    checkCompiled();
    return inference;
  }

  /** The name of a model read from {@code path}: the file name without extension. */
  protected static String nameOf(Path path) {
    String file = path.getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** Whether {@link #compile} ran. */
  protected boolean isCompiled() {
    return artifacts != null;
  }

  private void checkCompiled() {
    if (artifacts == null) {
      throw new IllegalStateException(
          "model '" + name + "' is not compiled: call compile(calibration, options) first");
    }
  }
}
