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
   * small CNN): affine layers become dense ones, fake quantizations (QuantizeLinear →
   * DequantizeLinear) are left out (see {@link QdqNet} for the quantized net they describe),
   * activations (Relu, Sigmoid, Tanh) lookups, max pools keep their windows. A final Softmax or
   * ArgMax is dropped: the client takes the arg-max of the scores.
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
      if (layer instanceof Layer.Quantize q) {
        // the real-valued view ignores fake quantization; QdqNet honours it
        if (!q.dequantized()) {
          throw new OnnxImportException(
              "node " + q.source() + ": its integers are used without a DequantizeLinear");
        }
        continue;
      }
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

  /**
   * The net with each input feature that is constant on the {@code calibration} rows folded into
   * the first dense layer's biases (b_i += w_ij · c_j) and its weights set to 0. Such a feature's
   * quantizer has a step of 1 whatever the other features' steps ({@link
   * io.fhestreams.ml.quantization.UniformQuantizer#calibrateAffine}); folded into the first layer's
   * weights, that step would set the layer's shared weight scale and round most other weights to 0
   * (a digits pixel that is 0 on a calibration subset, large weights after standardization). The
   * side effect: the feature is ignored on new data, where the calibration rows gave no range to
   * quantize it in anyway. The same net when the first layer is not dense or no feature is
   * constant.
   */
  public NeuralNet withConstantInputs(double[][] calibration) {
    if (!(layers.get(0) instanceof NetLayer.Dense first) || calibration.length == 0) {
      return this;
    }
    double[] w = first.weights();
    double[] b = first.bias();
    boolean folded = false;
    for (int j = 0; j < inputs; j++) {
      double c = calibration[0][j];
      boolean constant = true;
      for (int r = 1; r < calibration.length && constant; r++) {
        constant = calibration[r][j] == c;
      }
      if (!constant) {
        continue;
      }
      for (int i = 0; i < first.outputs(); i++) {
        b[i] += w[i * inputs + j] * c;
        w[i * inputs + j] = 0;
      }
      folded = true;
    }
    if (!folded) {
      return this;
    }
    List<NetLayer> out = new ArrayList<>(layers);
    out.set(0, new NetLayer.Dense(inputs, first.outputs(), w, b, first.source()));
    return new NeuralNet(name, inputs, out);
  }

  /**
   * The same function with the channels of every dense → ReLU → dense pair rescaled so that each
   * hidden unit's incoming and outgoing weights span the same range (cross-layer equalization,
   * Nagel et al., "Data-free quantization through weight equalization and bias correction", 2019):
   * relu(c·z) = c·relu(z) for c &gt; 0, so unit i's row (and bias) is divided by c_i = √(r1_i /
   * r2_i) and its column in the next layer multiplied by it, where r1_i is the largest |weight| of
   * the row (each column weighted by {@code inputScales} in the first layer, the step of its
   * quantized input) and r2_i the largest |weight| of the column. A per-layer weight scale then
   * serves every channel about as well as a per-channel one would. Pairs with a max pool in
   * between, or another activation, are left alone (a pool compares units that may get different
   * factors).
   *
   * @param inputScales per input feature, the real value of one quantized step
   */
  public NeuralNet equalized(double[] inputScales) {
    List<NetLayer> out = new ArrayList<>(layers);
    for (int sweep = 0; sweep < 2; sweep++) {
      for (int l = 0; l + 2 < out.size(); l++) {
        if (out.get(l) instanceof NetLayer.Dense first
            && out.get(l + 1) instanceof NetLayer.Elementwise f
            && f.activation() == NetActivation.RELU
            && out.get(l + 2) instanceof NetLayer.Dense second) {
          double[] columns = l == 0 ? inputScales : null;
          double[] factor = new double[first.outputs()];
          for (int i = 0; i < factor.length; i++) {
            double r1 = 0;
            for (int j = 0; j < first.inputs(); j++) {
              r1 = Math.max(r1, Math.abs(first.weight(i, j) * (columns == null ? 1 : columns[j])));
            }
            double r2 = 0;
            for (int k = 0; k < second.outputs(); k++) {
              r2 = Math.max(r2, Math.abs(second.weight(k, i)));
            }
            factor[i] = r1 > 0 && r2 > 0 ? Math.sqrt(r1 / r2) : 1;
          }
          double[] w1 = first.weights();
          double[] b1 = first.bias();
          for (int i = 0; i < factor.length; i++) {
            b1[i] /= factor[i];
            for (int j = 0; j < first.inputs(); j++) {
              w1[i * first.inputs() + j] /= factor[i];
            }
          }
          double[] w2 = second.weights();
          for (int k = 0; k < second.outputs(); k++) {
            for (int i = 0; i < factor.length; i++) {
              w2[k * second.inputs() + i] *= factor[i];
            }
          }
          out.set(l, new NetLayer.Dense(first.inputs(), first.outputs(), w1, b1, first.source()));
          out.set(
              l + 2,
              new NetLayer.Dense(
                  second.inputs(), second.outputs(), w2, second.bias(), second.source()));
        }
      }
    }
    return new NeuralNet(name, inputs, out);
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
