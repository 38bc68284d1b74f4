package io.fhestreams.ml.circuit.exec;

import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;

/**
 * The arithmetic one executor provides over its tensor type T (clear integers, simulated integers
 * or ciphertexts). {@link CircuitInterpreter} walks the circuit and calls one method per node, so
 * the three executors share the walk and differ only here. Each method receives the node it
 * computes (for its size, range and noise annotations) and returns a new tensor.
 *
 * @param <T> the tensor type
 */
public interface Backend<T> {

  /** Checks and adopts a caller-given input tensor for {@code node}. */
  T input(Node node, T value);

  /** Element-wise a + b. */
  T add(Node node, T a, T b);

  /** Element-wise a − b. */
  T subtract(Node node, T a, T b);

  /** Element-wise a + c. */
  T addConstant(Node node, Operation.AddConstant op, T a);

  /** Element-wise a · c. */
  T multiplyConstant(Node node, Operation.MultiplyConstant op, T a);

  /** M·a. */
  T matMulConstant(Node node, Operation.MatMulConstant op, T a);

  /** Element-wise table lookup of {@code a}, the values of node {@code operand}. */
  T tableLookup(Node node, Node operand, Operation.TableLookup op, T a);

  /** Element-wise rounding of the low bits. */
  T roundBits(Node node, Operation.RoundBits op, T a);

  /**
   * Element-wise a mod 2^d, {@code rounded} the values of the rounding of {@code a} that dropped d
   * bits.
   */
  T remainder(Node node, Operation.Remainder op, T a, T rounded);

  /** Element-wise max(a, b), a and b the values of nodes {@code left} and {@code right}. */
  T max(Node node, Node left, Node right, T a, T b);

  /**
   * Element-wise min(a, b) then max(a, b), a and b the values of nodes {@code left} and {@code
   * right}.
   */
  T compareSwap(Node node, Operation.CompareSwap op, Node left, Node right, T a, T b);

  /** The value returned for an output node. */
  T output(Node node, T a);
}
