package io.fhestreams.ml.models.nn;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.onnx.Layer;
import io.fhestreams.ml.onnx.OnnxImportException;
import java.util.ArrayList;
import java.util.List;

/**
 * A feed-forward network in real numbers, as imported: dense layers (consecutive ones already
 * folded into one) alternating with element-wise activations, each optionally followed by max pools
 * (a pool just before an activation is moved after it), ending with a dense layer that produces the
 * class scores.
 *
 * @param name the model's name
 * @param inputs number of input features
 * @param layers the layers, in order
 */
public record NeuralNet(String name, int inputs, List<NetLayer> layers) {

  public NeuralNet {
    List<NetLayer> folded = new ArrayList<>();
    int size = inputs;
    for (NetLayer layer : layers) {
      if (layer.inputs() != size) {
        throw new IllegalArgumentException(
            "layer "
                + layer.source()
                + " reads "
                + layer.inputs()
                + " values but receives "
                + size);
      }
      size = layer.outputs();
      NetLayer last = folded.isEmpty() ? null : folded.get(folded.size() - 1);
      if (layer instanceof NetLayer.Dense d && last instanceof NetLayer.Dense previous) {
        folded.set(folded.size() - 1, previous.then(d));
      } else if (layer instanceof NetLayer.Elementwise f && last instanceof NetLayer.MaxPool pool) {
        // every activation is non-decreasing, so f(max(a, b)) = max(f(a), f(b)): the pool moves
        // after
        // the activation, where it reads quantized activations
        folded.set(
            folded.size() - 1, new NetLayer.Elementwise(f.activation(), pool.inputs(), f.source()));
        folded.add(pool);
      } else {
        folded.add(layer);
      }
    }
    if (folded.isEmpty() || !(folded.get(folded.size() - 1) instanceof NetLayer.Dense)) {
      throw new IllegalArgumentException(
          "network "
              + name
              + " must end with a dense layer producing the scores, found "
              + (folded.isEmpty() ? "no layer" : folded.get(folded.size() - 1).source()));
    }
    layers = List.copyOf(folded);
  }

  /**
   * The neural-net family's view of an imported model (a {@code torch.onnx.export} of an MLP or
   * small CNN): affine layers become dense ones, activations (Relu, Sigmoid, Tanh) lookups, max
   * pools keep their windows. A final Softmax or ArgMax is dropped: the client takes the arg-max of
   * the scores.
   *
   * @throws OnnxImportException naming the node of a layer a net cannot evaluate
   */
  public static NeuralNet fromImported(ImportedModel model) {
    List<Layer> layers = model.layers();
    int end = layers.size();
    while (end > 0 && isClientArgMax(layers.get(end - 1))) {
      end--;
    }
    List<NetLayer> net = new ArrayList<>();
    for (Layer layer : layers.subList(0, end)) {
      net.add(netLayer(layer));
    }
    try {
      return new NeuralNet(model.name(), model.features(), net);
    } catch (IllegalArgumentException e) {
      throw new OnnxImportException(model.name() + ": " + e.getMessage(), e);
    }
  }

  private static boolean isClientArgMax(Layer layer) {
    return layer instanceof Layer.ArgMax
        || (layer instanceof Layer.Elementwise e
            && e.activation() == io.fhestreams.ml.quantization.Activation.SOFTMAX);
  }

  private static NetLayer netLayer(Layer layer) {
    if (layer instanceof Layer.Affine a) {
      return new NetLayer.Dense(
          a.map().inputs(), a.map().outputs(), a.map().weights(), a.map().bias(), a.source());
    }
    if (layer instanceof Layer.MaxPool p) {
      return new NetLayer.MaxPool(p.inputs(), p.windows(), p.source());
    }
    if (layer instanceof Layer.Elementwise e) {
      NetActivation f =
          switch (e.activation()) {
            case RELU -> NetActivation.RELU;
            case SIGMOID -> NetActivation.SIGMOID;
            case TANH -> NetActivation.TANH;
            case SOFTMAX ->
                throw new OnnxImportException(
                    "node "
                        + e.source()
                        + ": a Softmax may only end a neural net (the client takes the arg-max of"
                        + " the scores)");
            default ->
                throw new OnnxImportException(
                    "node "
                        + e.source()
                        + ": activation "
                        + e.activation()
                        + " has no lookup in a neural net; supported: Relu, Sigmoid, Tanh");
          };
      return new NetLayer.Elementwise(f, e.outputSize(), e.source());
    }
    throw new OnnxImportException(
        "node "
            + layer.source()
            + (layer instanceof Layer.ArgMax
                ? ": an ArgMax may only end a neural net"
                : ": a tree ensemble cannot be part of a neural net"));
  }

  /** Number of class scores. */
  public int outputs() {
    return layers.get(layers.size() - 1).outputs();
  }

  /** The real-valued scores of one sample. */
  public double[] scores(double[] x) {
    if (x.length != inputs) {
      throw new IllegalArgumentException(
          "network " + name + " expects " + inputs + " features, found " + x.length);
    }
    double[] y = x;
    for (NetLayer layer : layers) {
      y = layer.apply(y);
    }
    return y;
  }
}
