package io.fhestreams.ml.deploy;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import io.fhestreams.ml.compiler.CircuitCost;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Caps on what a server artifact from elsewhere may make a server do for one record, checked on the
 * decoded artifact before it is used ({@link #check}): every dimension, width, count and range of
 * the circuit, what its parameter set can read, and its {@link CircuitCost}. A registry runs it
 * when a model is published and the streams app again when it loads one, each with its own
 * configured caps. The defaults accept every model the project's fixtures compile to, with room,
 * and refuse circuits that would allocate gigabytes or bootstrap for hours.
 */
public final class ArtifactLimits {

  /** One cap: its configuration key, its default and what it bounds. */
  public enum Cap {
    /** Nodes of the circuit. */
    MAX_NODES("max.nodes", 1L << 16),
    /** Elements of any one node's tensor. */
    MAX_NODE_ELEMENTS("max.node.elements", 1L << 16),
    /** Encrypted input elements of one record (summed over the input nodes). */
    MAX_INPUT_ELEMENTS("max.input.elements", 1L << 16),
    /** Encrypted output elements of one record (summed over the output nodes). */
    MAX_OUTPUT_ELEMENTS("max.output.elements", 1L << 12),
    /** Clear constants of the circuit: vector, matrix and table entries together. */
    MAX_CONSTANT_ENTRIES("max.constant.entries", 1L << 25),
    /** Bits of any node's value range. */
    MAX_VALUE_BITS("max.value.bits", 40),
    /** Bits a bootstrap reads (lookup operand, rounding, max difference): tables of 2^bits. */
    MAX_LOOKUP_BITS("max.lookup.bits", 16),
    /** Programmable bootstraps of one record. */
    MAX_BOOTSTRAPS("max.bootstraps", 1L << 16),
    /** Longest chain of bootstraps from an input to an output. */
    MAX_BOOTSTRAP_DEPTH("max.bootstrap.depth", 64),
    /** Ciphertext multiply-adds of one record. */
    MAX_LEVELED_OPERATIONS("max.leveled.operations", 1L << 26),
    /** Estimated peak heap of one record's evaluation ({@link CircuitCost#peakMemoryBytes}). */
    MAX_PEAK_MEMORY_BYTES("max.peak.memory.bytes", 1L << 30);

    private final String key;
    private final long defaultValue;

    Cap(String key, long defaultValue) {
      this.key = key;
      this.defaultValue = defaultValue;
    }

    /** The configuration key, e.g. {@code max.bootstraps}. */
    public String key() {
      return key;
    }

    /** The value when none is configured. */
    public long defaultValue() {
      return defaultValue;
    }

    /** The cap with configuration key {@code key}; an unknown key is refused naming the known. */
    public static Cap byKey(String key) {
      for (Cap c : values()) {
        if (c.key.equals(key)) {
          return c;
        }
      }
      StringBuilder known = new StringBuilder();
      for (Cap c : values()) {
        known.append(known.length() == 0 ? "" : ", ").append(c.key);
      }
      throw new IllegalArgumentException("unknown artifact limit '" + key + "'; known: " + known);
    }
  }

  private static final ArtifactLimits DEFAULTS = new ArtifactLimits(new EnumMap<>(Cap.class));

  private final EnumMap<Cap, Long> caps;

  private ArtifactLimits(EnumMap<Cap, Long> configured) {
    this.caps = new EnumMap<>(Cap.class);
    for (Cap c : Cap.values()) {
      long v = configured.getOrDefault(c, c.defaultValue);
      if (v < 1) {
        throw new IllegalArgumentException("artifact limit " + c.key + " must be >= 1, found " + v);
      }
      caps.put(c, v);
    }
  }

  /** Every cap at its default. */
  public static ArtifactLimits defaults() {
    return DEFAULTS;
  }

  /**
   * Caps from configuration: keys as {@link Cap#key()}, values integers (numbers or strings);
   * missing caps take their defaults, unknown keys and values below 1 are refused.
   */
  public static ArtifactLimits of(Map<String, ?> settings) {
    EnumMap<Cap, Long> configured = new EnumMap<>(Cap.class);
    for (Map.Entry<String, ?> e : settings.entrySet()) {
      Cap cap = Cap.byKey(e.getKey());
      Object v = e.getValue();
      try {
        configured.put(
            cap, v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v).trim()));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(
            "artifact limit " + cap.key + " must be an integer, found '" + v + "'", ex);
      }
    }
    return new ArtifactLimits(configured);
  }

  /** The same caps with {@code cap} set to {@code value}. */
  public ArtifactLimits with(Cap cap, long value) {
    EnumMap<Cap, Long> copy = new EnumMap<>(caps);
    copy.put(cap, value);
    return new ArtifactLimits(copy);
  }

  /** The value of {@code cap}. */
  public long get(Cap cap) {
    return caps.get(cap);
  }

  /**
   * Checks {@code artifact} against every cap, bounded walks first and the cost model last (it
   * reads only what the walks already bounded).
   *
   * @return the circuit's cost, for the caller's report
   * @throws ArtifactLimitException naming the first cap exceeded, the node and the values
   */
  public CircuitCost check(ServerArtifact artifact) {
    Circuit circuit = artifact.circuit();
    ParameterSet p = artifact.parameters();
    require(Cap.MAX_NODES, circuit.nodes().size(), "nodes in the circuit");
    long constants = 0;
    for (Node node : circuit.nodes()) {
      require(Cap.MAX_NODE_ELEMENTS, node.size(), "elements of node " + node.describe());
      require(
          Cap.MAX_VALUE_BITS,
          node.bitWidth(),
          "bits of the values of node " + node.describe() + " " + node.range());
      constants += constantEntries(node);
      require(Cap.MAX_CONSTANT_ENTRIES, constants, "clear constants up to node " + node.describe());
      if (node.operation().bootstrapsPerElement() > 0) {
        checkBootstrap(circuit, node, p);
      }
    }
    require(Cap.MAX_INPUT_ELEMENTS, elements(circuit.inputs()), "input elements per record");
    require(Cap.MAX_OUTPUT_ELEMENTS, elements(circuit.outputs()), "output elements per record");
    CircuitCost cost = CircuitCost.of(circuit, p);
    require(Cap.MAX_BOOTSTRAPS, cost.bootstraps(), "bootstraps per record");
    require(Cap.MAX_BOOTSTRAP_DEPTH, cost.bootstrapDepth(), "bootstraps in sequence per record");
    require(Cap.MAX_LEVELED_OPERATIONS, cost.leveledOperations(), "leveled operations per record");
    require(
        Cap.MAX_PEAK_MEMORY_BYTES,
        cost.peakMemoryBytes(),
        "estimated peak memory (bytes) of one record's evaluation");
    return cost;
  }

  /**
   * A bootstrapping node needs a bootstrapping set, and must read no more bits than the cap and
   * than the set's messages hold (as the compiler requires): wider reads build tables of 2^bits.
   */
  private void checkBootstrap(Circuit circuit, Node node, ParameterSet p) {
    if (!p.supportsBootstrap()) {
      throw new ArtifactLimitException(
          "node "
              + node.describe()
              + " bootstraps, but parameter set "
              + p.id()
              + " is leveled and has no bootstrapping keys");
    }
    int width = CircuitCost.lookupWidth(circuit, node);
    require(Cap.MAX_LOOKUP_BITS, width, "bits read by the bootstraps of node " + node.describe());
    int readable = node.operation().accept(new ReadableBits(circuit, p));
    if (width > readable) {
      throw new ArtifactLimitException(
          "node "
              + node.describe()
              + " reads "
              + width
              + " bits, parameter set "
              + p.id()
              + " reads at most "
              + readable
              + " there");
    }
  }

  /** Entries of the node's clear constants (a vector has one per element of the node). */
  private static long constantEntries(Node node) {
    return node.operation().accept(new ConstantEntries(node));
  }

  private static long elements(List<Node> nodes) {
    long sum = 0;
    for (Node n : nodes) {
      sum += n.size();
    }
    return sum;
  }

  private void require(Cap cap, long found, String what) {
    long max = caps.get(cap);
    if (found > max) {
      throw new ArtifactLimitException(
          String.format(Locale.ROOT, "%s: %d exceeds the cap %s = %d", what, found, cap.key, max));
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ArtifactLimits[");
    for (Map.Entry<Cap, Long> e : caps.entrySet()) {
      s.append(e.getKey() == Cap.MAX_NODES ? "" : ", ")
          .append(e.getKey().key)
          .append('=')
          .append(e.getValue());
    }
    return s.append(']').toString();
  }

  private record ConstantEntries(Node node) implements Operation.Visitor<Long> {
    @Override
    public Long visit(Operation.Input op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.Add op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.Subtract op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.AddConstant op) {
      return (long) node.size();
    }

    @Override
    public Long visit(Operation.MultiplyConstant op) {
      return (long) node.size();
    }

    @Override
    public Long visit(Operation.MatMulConstant op) {
      return (long) op.rows() * op.columns();
    }

    @Override
    public Long visit(Operation.TableLookup op) {
      return op.domain().count();
    }

    @Override
    public Long visit(Operation.RoundBits op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.Remainder op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.Max op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.CompareSwap op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.Output op) {
      return 0L;
    }
  }

  /**
   * The most bits a bootstrapping node may read under {@code p}, as the compiler allows:
   * ExactRounding reads up to the message bits + 1, a lookup reads its operand at its scale, a max
   * reads the message bits (leveled nodes read none and are never asked).
   */
  private record ReadableBits(Circuit circuit, ParameterSet p)
      implements Operation.Visitor<Integer> {
    @Override
    public Integer visit(Operation.Input op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.Add op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.Subtract op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.AddConstant op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.MultiplyConstant op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.MatMulConstant op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.TableLookup op) {
      return p.messageBits() - circuit.node(op.operand()).scaleBits();
    }

    @Override
    public Integer visit(Operation.RoundBits op) {
      return p.messageBits() + 1;
    }

    @Override
    public Integer visit(Operation.Remainder op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.Max op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.CompareSwap op) {
      return p.messageBits();
    }

    @Override
    public Integer visit(Operation.Output op) {
      return p.messageBits();
    }
  }
}
