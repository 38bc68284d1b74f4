package io.fhestreams.ml.compiler;

import io.fhestreams.engine.algorithms.GlweMatrixVectorProduct;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import java.util.List;
import java.util.Optional;

/**
 * The coefficient-encoded layout of a leveled linear circuit (input → matrix product → optional
 * offset → output, every linear model's circuit): the client encrypts its d inputs as the
 * coefficients of one GLWE ciphertext under the big key read as k' polynomials of N' coefficients
 * (N' the smallest power of two ≥ m·d, k'·N' the big dimension), the server multiplies it by the
 * matrix's polynomial ({@link GlweMatrixVectorProduct}, after Cheetah, USENIX Security 2022) and
 * the m outputs come back in the first body coefficients of one GLWE ciphertext: one shared mask of
 * k'·N' coefficients for all outputs, where the LWE layout sends one mask per output. No key
 * material, no other secret; the server does the m·d·k'·N' multiply-adds of the LWE layout.
 *
 * @param glweDimension k'
 * @param polynomialSize N'
 */
public record CoefficientEncoding(GlweDimension glweDimension, PolynomialSize polynomialSize) {

  /**
   * The linear part of a circuit of the coefficient-encoded shape.
   *
   * @param product the matrix product (m × d) of the circuit's only input
   * @param offsets the offset added to each of the m outputs (0 without an offset node)
   */
  public record Linear(Operation.MatMulConstant product, long[] offsets) {
    /** m: the outputs. */
    public int outputs() {
      return product.rows();
    }

    /** d: the inputs. */
    public int inputs() {
      return product.columns();
    }
  }

  /**
   * The linear part of {@code circuit} if its nodes are exactly an input of d elements, an m × d
   * product of it, optionally an offset of the product, and one output of the last.
   */
  public static Optional<Linear> linearPart(Circuit circuit) {
    List<Node> nodes = circuit.nodes();
    if (nodes.size() < 3
        || nodes.size() > 4
        || !(nodes.get(0).operation() instanceof Operation.Input)
        || !(nodes.get(1).operation() instanceof Operation.MatMulConstant product)
        || product.operand() != 0
        || !(nodes.get(nodes.size() - 1).operation() instanceof Operation.Output out)
        || out.operand() != nodes.size() - 2) {
      return Optional.empty();
    }
    if (nodes.size() == 3) {
      return Optional.of(new Linear(product, new long[product.rows()]));
    }
    if (!(nodes.get(2).operation() instanceof Operation.AddConstant offset)
        || offset.operand() != 1) {
      return Optional.empty();
    }
    return Optional.of(new Linear(product, offset.constant()));
  }

  /**
   * The layout of {@code linear} under {@code p}, or why it has none: a bootstrapping set, or more
   * matrix cells than the big key has coefficients.
   */
  static Outcome of(Linear linear, ParameterSet p) {
    if (p.supportsBootstrap()) {
      return new Outcome(null, "bootstrapping set " + p.id());
    }
    long cells = (long) linear.outputs() * linear.inputs();
    int big = p.bigLweDimension().value();
    if (cells > big) {
      return new Outcome(
          null,
          "the "
              + linear.outputs()
              + " x "
              + linear.inputs()
              + " matrix has "
              + cells
              + " cells, more than the "
              + big
              + " coefficients of the key");
    }
    return new Outcome(forShape(linear.outputs(), linear.inputs(), p), null);
  }

  /**
   * The layout an artifact of {@code circuit} under {@code p} declares by its N', refused unless it
   * is the circuit's own.
   *
   * @throws IllegalArgumentException if the circuit is not linear or N' is not its layout's
   */
  public static CoefficientEncoding of(Circuit circuit, ParameterSet p, int polynomialSize) {
    Linear linear =
        linearPart(circuit)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "coefficient-encoded layout of N'="
                            + Integer.toUnsignedString(polynomialSize)
                            + " on a circuit that is not input → matrix product → offset →"
                            + " output"));
    CoefficientEncoding e = forShape(linear.outputs(), linear.inputs(), p);
    if (e.polynomialSize().value() != polynomialSize) {
      throw new IllegalArgumentException(
          "coefficient-encoded layout of N'="
              + Integer.toUnsignedString(polynomialSize)
              + ", but the circuit's "
              + linear.outputs()
              + " x "
              + linear.inputs()
              + " product is encoded in N'="
              + e.polynomialSize().value());
    }
    return e;
  }

  /**
   * b of the input bodies under {@code p}: rounded to their top 63 − t bits for TUniform(t) noise,
   * an error of at most 2^t per coefficient, the fresh noise's own bound (at most doubling the
   * input noise; the mask comes from the seed and is not rounded).
   */
  public static CiphertextModulusLog inputBodyModulusLog(ParameterSet p) {
    return new CiphertextModulusLog(
        p.glweNoise() instanceof NoiseDistribution.TUniform t ? 63 - t.boundLog2() : 63);
  }

  /** A layout, or why there is none. */
  record Outcome(CoefficientEncoding encoding, String whyNot) {}

  /** The layout of an m × d product under {@code p}: N' = the smallest power of two ≥ m·d. */
  public static CoefficientEncoding forShape(int outputs, int inputs, ParameterSet p) {
    PolynomialSize n = GlweMatrixVectorProduct.polynomialSizeFor(outputs, inputs);
    int big = p.bigLweDimension().value();
    if (p.supportsBootstrap() || n.value() > big) {
      throw new IllegalArgumentException(
          "an "
              + outputs
              + " x "
              + inputs
              + " product has no coefficient encoding under "
              + p.id()
              + " (leveled sets only, m·d at most "
              + big
              + ")");
    }
    return new CoefficientEncoding(new GlweDimension(big / n.value()), n);
  }

  @Override
  public String toString() {
    return "GLWE k'=" + glweDimension.value() + ", N'=" + polynomialSize.value();
  }
}
