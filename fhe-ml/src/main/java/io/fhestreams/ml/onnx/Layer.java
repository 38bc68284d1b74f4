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
    permits Layer.Affine,
        Layer.Elementwise,
        Layer.ArgMax,
        Layer.MaxPool,
        Layer.Trees,
        Layer.Quantize {

  /** The ONNX node this layer came from, as {@code 'name' (OpType)}. */
  String source();

  /** Number of values this layer produces per sample. */
  int outputSize();

  /**
   * y = W·x + b.
   *
   * @param weightSteps when the weights came through a DequantizeLinear: per output row, the step
   *     its weights are integer multiples of; null otherwise
   */
  record Affine(AffineMap map, String source, double[] weightSteps) implements Layer {
    /** Weights that were not quantized. */
    public Affine(AffineMap map, String source) {
      this(map, source, null);
    }

    public Affine {
      if (weightSteps != null) {
        if (weightSteps.length != map.outputs()) {
          throw new IllegalArgumentException(
              "affine layer "
                  + source
                  + ": "
                  + weightSteps.length
                  + " weight steps for "
                  + map.outputs()
                  + " rows");
        }
        weightSteps = weightSteps.clone();
      }
    }

    @Override
    public double[] weightSteps() {
      return weightSteps == null ? null : weightSteps.clone();
    }

    @Override
    public int outputSize() {
      return map.outputs();
    }
  }

  /**
   * A QuantizeLinear (optionally narrowed by a Clip) on a computed value, per element: q =
   * clamp(rint(x / scale) + zeroPoint, min, max), read back by its DequantizeLinear as scale · (q −
   * zeroPoint). Until that DequantizeLinear ({@code dequantized} false) the value holds the
   * integers q.
   *
   * @param scale per element, finite and &gt; 0
   * @param zeroPoint per element, in [min, max]
   * @param min smallest integer
   * @param max largest integer
   * @param dequantized whether the DequantizeLinear has been applied
   */
  record Quantize(
      double[] scale, long[] zeroPoint, long min, long max, boolean dequantized, String source)
      implements Layer {
    public Quantize {
      scale = scale.clone();
      zeroPoint = zeroPoint.clone();
    }

    @Override
    public double[] scale() {
      return scale.clone();
    }

    @Override
    public long[] zeroPoint() {
      return zeroPoint.clone();
    }

    @Override
    public int outputSize() {
      return scale.length;
    }

    /** The integer element {@code i} of {@code x} is quantized to. */
    public long quantize(int i, double x) {
      double q = Math.rint(x / scale[i]) + zeroPoint[i];
      return (long) Math.max(min, Math.min(max, q));
    }

    /** QuantizeLinear then DequantizeLinear of element {@code i}. */
    public double fakeQuantize(int i, double x) {
      return scale[i] * (quantize(i, x) - zeroPoint[i]);
    }

    /** Whether every element has the same scale and zero point. */
    public boolean perTensor() {
      for (int i = 1; i < scale.length; i++) {
        if (scale[i] != scale[0] || zeroPoint[i] != zeroPoint[0]) {
          return false;
        }
      }
      return true;
    }

    /** The same quantizer with integers narrowed to [lo, hi] (a Clip between Q and DQ). */
    public Quantize clipped(long lo, long hi, String clip) {
      return new Quantize(
          scale, zeroPoint, Math.max(min, lo), Math.min(max, hi), false, source + " + " + clip);
    }

    /** The same quantizer once its DequantizeLinear is applied. */
    public Quantize dequantizedBy(String dequantize) {
      return new Quantize(scale, zeroPoint, min, max, true, source + " + " + dequantize);
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
