package io.fhestreams.ml.onnx;

import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.trees.TreeEnsemble;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A model read from ONNX: its input (name and number of features) and the chain of real-valued
 * layers from the input to the model's main output (the scores or values, not the label).
 *
 * @param name the graph's name
 * @param inputName the graph input's name
 * @param features number of input features
 * @param layers the layers in order
 * @param classLabels class labels when the graph is a classifier (it outputs a label, ends in a
 *     softmax, or ends in a sigmoid), empty otherwise
 */
public record ImportedModel(
    String name, String inputName, int features, List<Layer> layers, long[] classLabels) {

  public ImportedModel {
    layers = List.copyOf(layers);
    classLabels = classLabels.clone();
  }

  @Override
  public long[] classLabels() {
    return classLabels.clone();
  }

  /** Whether the model is a classifier. */
  public boolean isClassifier() {
    return classLabels.length > 0;
  }

  /**
   * Lowers the layers to the linear family's form: one affine map (consecutive affine layers
   * folded) followed by client-side post-processing (at most one activation, then an optional
   * arg-max).
   *
   * @throws OnnxImportException naming the first layer that does not fit that form
   */
  public LinearForm toLinearForm() {
    AffineMap map = AffineMap.identity(features);
    int i = 0;
    while (i < layers.size() && layers.get(i) instanceof Layer.Affine a) {
      map = map.then(a.map());
      i++;
    }
    Activation activation = Activation.IDENTITY;
    if (i < layers.size() && layers.get(i) instanceof Layer.Elementwise e) {
      activation = e.activation();
      i++;
    }
    if (i < layers.size() && layers.get(i) instanceof Layer.ArgMax) {
      i++;
    }
    if (i < layers.size()) {
      Layer bad = layers.get(i);
      throw new OnnxImportException(
          "node "
              + bad.source()
              + " cannot be evaluated by a linear model: after the affine part only one"
              + " activation (Sigmoid, Softmax, Exp, Relu, Tanh) and an ArgMax may follow, and they"
              + " run on the client; layers after an activation make a neural net");
    }
    return new LinearForm(map, new PostProcessing(activation, classLabels));
  }

  /**
   * The tree-ensemble family's view of a model: its one {@code ai.onnx.ml} tree-ensemble operator,
   * on the input.
   *
   * @throws OnnxImportException naming the first node that is not the tree ensemble
   */
  public TreeEnsemble toTreeEnsemble() {
    if (layers.isEmpty()) {
      throw new OnnxImportException(
          name + ": no ai.onnx.ml TreeEnsembleClassifier or TreeEnsembleRegressor in the graph");
    }
    for (Layer layer : layers) {
      if (!(layer instanceof Layer.Trees)) {
        throw new OnnxImportException(
            "node " + layer.source() + " is not supported next to a tree ensemble");
      }
    }
    if (layers.size() > 1) {
      throw new OnnxImportException(
          "node " + layers.get(1).source() + " is not supported next to a tree ensemble");
    }
    return ((Layer.Trees) layers.get(0)).ensemble();
  }

  /** Whether the model holds a tree ensemble. */
  public boolean hasTreeEnsemble() {
    return layers.stream().anyMatch(l -> l instanceof Layer.Trees);
  }

  /** Default labels 0..k−1 for a classifier with k score columns (0, 1 for a single score). */
  public static long[] defaultLabels(int scores) {
    return LongStream.range(0, Math.max(2, scores)).toArray();
  }

  /** The linear family's view of a model: one affine map and its client-side post-processing. */
  public record LinearForm(AffineMap map, PostProcessing postProcessing) {}
}
