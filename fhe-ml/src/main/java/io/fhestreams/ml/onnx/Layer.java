package io.fhestreams.ml.onnx;

import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.trees.TreeEnsemble;

/**
 * One step of an imported model, in real numbers, as the ONNX graph computes it. Each family lowers
 * the list of layers its own way ({@link ImportedModel#toLinearForm}, {@link
 * ImportedModel#toTreeEnsemble}, the neural-net family's lowering); convolutions, pools, batch
 * normalizations and biases are all {@link Affine} once imported. Each layer remembers the ONNX
 * node it came from, for error messages.
 */
public sealed interface Layer
    permits Layer.Affine, Layer.Elementwise, Layer.ArgMax, Layer.MaxPool, Layer.Trees {

  /** The ONNX node this layer came from, as {@code 'name' (OpType)}. */
  String source();

  /** Number of values this layer produces per sample. */
  int outputSize();

  /** y = W·x + b. */
  record Affine(AffineMap map, String source) implements Layer {
    @Override
    public int outputSize() {
      return map.outputs();
    }
  }

  /** An activation over the row (element-wise, or softmax). */
  record Elementwise(Activation activation, int outputSize, String source) implements Layer {}

  /** Index of the largest value, mapped to a class label. */
  record ArgMax(long[] classLabels, String source) implements Layer {
    public ArgMax {
      classLabels = classLabels.clone();
    }

    @Override
    public long[] classLabels() {
      return classLabels.clone();
    }

    @Override
    public int outputSize() {
      return 1;
    }
  }

  /**
   * The maximum over each window of input cells.
   *
   * @param inputs values read per sample
   * @param windows for each output, the input cells it takes the maximum of
   */
  record MaxPool(int inputs, int[][] windows, String source) implements Layer {
    public MaxPool {
      windows = windows.clone();
    }

    @Override
    public int[][] windows() {
      return windows.clone();
    }

    @Override
    public int outputSize() {
      return windows.length;
    }
  }

  /** A tree ensemble's raw scores (its post-processing travels with the ensemble). */
  record Trees(TreeEnsemble ensemble, String source) implements Layer {
    @Override
    public int outputSize() {
      return ensemble.outputs();
    }
  }
}
