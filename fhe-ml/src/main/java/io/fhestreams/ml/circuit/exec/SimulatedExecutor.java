package io.fhestreams.ml.circuit.exec;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The clear executor plus the errors the noise model predicts: where a bootstrap reads a value
 * (table lookups, roundings, maxima) or the client decrypts one (outputs), the integer is shifted
 * by round(e) with e drawn from N(0, σ²), σ taken from the {@link NoiseProfile} in message steps. A
 * shift happens with exactly the failure probability the compiler computed for that node, so
 * simulation is as fast as the clear executor and as wrong as the encrypted one, in distribution.
 */
public final class SimulatedExecutor extends ClearExecutor {
  private final NoiseProfile noise;
  private final SplittableRandom random;

  /** A simulator drawing its errors from {@code random}. */
  public SimulatedExecutor(NoiseProfile noise, SplittableRandom random) {
    this.noise = noise;
    this.random = random;
  }

  /** Evaluates the circuit with simulated errors. */
  public List<long[]> run(Circuit circuit, List<long[]> inputs) {
    if (noise.sigmas().length != circuit.nodes().size()) {
      throw new IllegalArgumentException(
          "noise profile covers "
              + noise.sigmas().length
              + " nodes, circuit has "
              + circuit.nodes().size());
    }
    return CircuitInterpreter.run(circuit, this, inputs);
  }

  @Override
  public long[] tableLookup(Node node, Node operand, Operation.TableLookup op, long[] a) {
    long[] y = new long[a.length];
    long lo = op.offset();
    long hi = op.offset() + op.table().length - 1;
    for (int i = 0; i < y.length; i++) {
      // a wrong index beyond the table's ends reads the nearest entry: the bootstrap's
      // accumulator repeats its first and last boxes there
      long index = Math.max(lo, Math.min(hi, a[i] + error(node.id())));
      y[i] = op.lookup(index);
    }
    return y;
  }

  @Override
  public long[] roundBits(Node node, Operation.RoundBits op, long[] a) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = op.apply(a[i] + error(node.id()));
    }
    return y;
  }

  /** b + relu(a − b), the difference read with the bootstrap's error. */
  @Override
  public long[] max(Node node, Node left, Node right, long[] a, long[] b) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = b[i] + Math.max(0, a[i] - b[i] + error(node.id()));
    }
    return y;
  }

  /** min and max from relu(a − b), the difference read with the bootstrap's error. */
  @Override
  public long[] compareSwap(
      Node node, Operation.CompareSwap op, Node left, Node right, long[] a, long[] b) {
    long[] y = new long[2 * a.length];
    for (int i = 0; i < a.length; i++) {
      long[] pair = compareSwap(new long[] {a[i]}, new long[] {b[i]}, error(node.id()));
      y[i] = pair[0];
      y[a.length + i] = pair[1];
    }
    return y;
  }

  @Override
  public long[] output(Node node, long[] a) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = a[i] + error(node.id());
    }
    return y;
  }

  private long error(int id) {
    double sigma = noise.sigma(id);
    return sigma == 0 ? 0 : Math.round(random.nextGaussian() * sigma);
  }
}
