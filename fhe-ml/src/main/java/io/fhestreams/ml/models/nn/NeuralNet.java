package io.fhestreams.ml.models.nn;

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
