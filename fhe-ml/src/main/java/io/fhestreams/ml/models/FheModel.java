package io.fhestreams.ml.models;

import io.fhestreams.ml.compiler.CompileReport;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import java.util.List;

/**
 * The life cycle every model family shares, after Concrete ML's estimators ({@code
 * sklearn/base.py}): import ({@link FheModels#load}), {@link #compile} on representative data
 * (quantize, then pick crypto parameters), then {@link #predict} in a mode. Linear models, tree
 * ensembles and neural nets implement it; what is specific to a family (its affine map, ensemble or
 * net) stays on the family's class.
 *
 * <p>Not thread-safe: a model holds its compiled artifacts and, once an encrypted prediction ran,
 * its keys.
 */
public interface FheModel {

  /** The model's name (written to its artifacts). */
  String name();

  /** Number of input features. */
  int features();

  /** The n_bits {@link #compile} uses when the options leave it unset. */
  NBits defaultNBits();

  /**
   * Names the features (the input schema written to the client artifact); refused unless there is
   * one name per feature.
   */
  FheModel withFeatureNames(List<String> names);

  /**
   * Calibrates the quantizers on {@code calibration} (rows of features), lowers the model to an
   * integer circuit and compiles it with {@code options}.
   *
   * @throws io.fhestreams.ml.compiler.CompilationException when no candidate parameter set holds
   *     the circuit within the failure target, naming the node
   */
  FheModel compile(double[][] calibration, ModelCompileOptions options);

  /** Predicts every row in {@code mode}; fails before {@link #compile}. */
  Prediction[] predict(double[][] x, ExecutionMode mode);

  /** The real-valued model in double precision (no quantization), for reference. */
  Prediction[] predictFloat(double[][] x);

  /** The compiled client and server artifacts; fails before {@link #compile}. */
  ModelArtifacts artifacts();

  /** The compile report; fails before {@link #compile}. */
  CompileReport report();

  /** The inference runner (its client holds the keys once an encrypted prediction ran). */
  LocalInference inference();
}
