package io.fhestreams.ml.deploy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.CircuitCodec;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.circuit.exec.NoiseProfile;
import java.util.SplittableRandom;

/**
 * Generates server artifacts for the hostile-input tests of the registry and the app: consistent
 * circuits (built with {@link CircuitBuilder}, so they decode) whose widths, sizes, chains or
 * ranges exceed a default cap of {@link ArtifactLimits}, each with the exact refusal expected, and
 * good artifacts, interleaved, that every cap accepts. No kind exceeds {@code
 * max.leveled.operations}: within the codec's bound of 2^24 tensor elements in all and the cap on
 * constant entries, a circuit that decodes stays below its default (ArtifactLimitsTest checks it
 * with a lower cap). Every value is drawn from the caller's random, so a seed replays a run.
 */
public final class HostileArtifacts {
  /** A leveled set (no bootstraps). */
  public static final ParameterSet LEVELED = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;

  /** A bootstrapping set of 4-bit messages. */
  public static final ParameterSet PBS = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;

  /** What a case is. */
  public enum Kind {
    GOOD_LEVELED,
    GOOD_LOOKUPS,
    WIDE_ROUNDING,
    WIDE_MAX,
    LOOKUP_WIDER_THAN_SET,
    BOOTSTRAP_UNDER_LEVELED_SET,
    HUGE_NODE,
    INPUT_SUM,
    OUTPUT_SUM,
    WIDE_VALUES,
    LOOKUP_CHAIN,
    MANY_BOOTSTRAPS,
    PEAK_MEMORY
  }

  /**
   * One generated artifact.
   *
   * @param kind what it is
   * @param artifact the server artifact
   * @param refusal the text the refusal must contain, or null when every default cap accepts it
   */
  public record Case(Kind kind, ServerArtifact artifact, String refusal) {
    /** Whether the default caps accept it. */
    public boolean good() {
      return refusal == null;
    }
  }

  private HostileArtifacts() {}

  /** A case of a kind drawn from {@code random}: about one in three is good. */
  public static Case next(SplittableRandom random) {
    Kind[] kinds = Kind.values();
    Kind kind =
        random.nextInt(3) == 0
            ? kinds[random.nextInt(2)]
            : kinds[2 + random.nextInt(kinds.length - 2)];
    return of(kind, random);
  }

  /** A case of {@code kind}, its sizes drawn from {@code random}. */
  public static Case of(Kind kind, SplittableRandom random) {
    CircuitBuilder b = new CircuitBuilder();
    return switch (kind) {
      case GOOD_LEVELED -> {
        int n = 1 + random.nextInt(64);
        int rows = 1 + random.nextInt(4);
        int x = b.input("x", n, ValueRange.unsigned(8));
        long[] m = random.longs((long) rows * n, -127, 128).toArray();
        int y = b.matMulConstant(x, rows, m);
        b.output(b.addConstant(y, random.longs(rows, -1000, 1000).toArray()), "y");
        yield new Case(kind, artifact(b, LEVELED), null);
      }
      case GOOD_LOOKUPS -> {
        int v = b.input("x", 1 + random.nextInt(64), ValueRange.unsigned(2));
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
          v = b.tableLookup(v, 0, random.longs(4, 0, 4).toArray());
        }
        b.output(v, "y");
        yield new Case(kind, artifact(b, PBS), null);
      }
      case WIDE_ROUNDING -> {
        // a rounding that drops 17..30 bits builds a table of 2^(bits-1) longs per bootstrap
        int bits = 17 + random.nextInt(14);
        int x = b.input("x", 1 + random.nextInt(16), ValueRange.unsigned(bits + 1));
        b.output(b.tableLookup(b.roundBits(x, bits), 0, new long[] {0, 1}), "y");
        yield new Case(
            kind,
            artifact(b, PBS),
            "bits read by the bootstraps of node #1 round_bits: "
                + bits
                + " exceeds the cap max.lookup.bits = 16");
      }
      case WIDE_MAX -> {
        // max of two k-bit values reads a (k+1)-bit difference: a table of 2^(k+1) longs
        int k = 16 + random.nextInt(14);
        int size = 1 + random.nextInt(16);
        int l = b.input("a", size, ValueRange.unsigned(k));
        int r = b.input("b", size, ValueRange.unsigned(k));
        b.output(b.max(l, r), "y");
        yield new Case(
            kind,
            artifact(b, PBS),
            "bits read by the bootstraps of node #2 max: "
                + (k + 1)
                + " exceeds the cap max.lookup.bits = 16");
      }
      case LOOKUP_WIDER_THAN_SET -> {
        int bits = 5 + random.nextInt(4);
        int x = b.input("x", 1 + random.nextInt(16), ValueRange.unsigned(bits));
        b.output(b.tableLookup(x, 0, new long[1 << bits]), "y");
        yield new Case(
            kind,
            artifact(b, PBS),
            "node #1 table_lookup reads "
                + bits
                + " bits, parameter set "
                + PBS.id()
                + " reads at most 4 there");
      }
      case BOOTSTRAP_UNDER_LEVELED_SET -> {
        int x = b.input("x", 1 + random.nextInt(16), ValueRange.unsigned(2));
        b.output(b.tableLookup(x, 0, new long[4]), "y");
        yield new Case(
            kind,
            artifact(b, LEVELED),
            "node #1 table_lookup bootstraps, but parameter set "
                + LEVELED.id()
                + " is leveled and has no bootstrapping keys");
      }
      case HUGE_NODE -> {
        // above the cap, within the format's bound on the elements of all nodes (input and output
        // here): beyond it the codec refuses the circuit before any cap is asked
        int size = (1 << 16) + 1 + random.nextInt(CircuitCodec.MAX_ELEMENTS / 2 - (1 << 16));
        b.output(b.input("x", size, ValueRange.unsigned(2)), "y");
        yield new Case(
            kind,
            artifact(b, PBS),
            "elements of node #0 input 'x': "
                + size
                + " exceeds the cap max.node.elements = 65536");
      }
      case INPUT_SUM -> {
        int inputs = 2 + random.nextInt(6);
        long sum = 0;
        for (int i = 0; i < inputs; i++) {
          int size = (1 << 15) + 1 + random.nextInt(1 << 15);
          b.input("x" + i, size, ValueRange.unsigned(2));
          sum += size;
        }
        b.output(0, "y");
        yield new Case(
            kind,
            artifact(b, LEVELED),
            "input elements per record: " + sum + " exceeds the cap max.input.elements = 65536");
      }
      case OUTPUT_SUM -> {
        int size = 4097 + random.nextInt(60_000);
        b.output(b.input("x", size, ValueRange.unsigned(2)), "y");
        yield new Case(
            kind,
            artifact(b, LEVELED),
            "output elements per record: " + size + " exceeds the cap max.output.elements = 4096");
      }
      case WIDE_VALUES -> {
        long c = (1L << 33) + random.nextLong(1L << 50);
        int size = 1 + random.nextInt(16);
        int x = b.input("x", size, ValueRange.unsigned(8));
        b.output(b.multiplyConstant(x, filled(size, c)), "y");
        int bits = 64 - Long.numberOfLeadingZeros(255 * c);
        yield new Case(
            kind,
            artifact(b, LEVELED),
            "bits of the values of node #1 multiply_constant [0, "
                + 255 * c
                + "] ("
                + bits
                + " bits): "
                + bits
                + " exceeds the cap max.value.bits = 40");
      }
      case LOOKUP_CHAIN -> {
        int depth = 65 + random.nextInt(2000);
        int v = b.input("x", 1, ValueRange.unsigned(2));
        for (int i = 0; i < depth; i++) {
          v = b.tableLookup(v, 0, new long[] {1, 2, 3, 0});
        }
        b.output(v, "y");
        yield new Case(
            kind,
            artifact(b, PBS),
            "bootstraps in sequence per record: "
                + depth
                + " exceeds the cap max.bootstrap.depth = 64");
      }
      case MANY_BOOTSTRAPS -> {
        int size = 2048 + random.nextInt(4096);
        int chain = (65_536 / size) + 1 + random.nextInt(8);
        int v = b.input("x", size, ValueRange.unsigned(2));
        for (int i = 0; i < chain; i++) {
          v = b.tableLookup(v, 0, new long[] {1, 2, 3, 0});
        }
        b.output(b.matMulConstant(v, 1, new long[size]), "y");
        yield new Case(
            kind,
            artifact(b, PBS),
            "bootstraps per record: "
                + (long) size * chain
                + " exceeds the cap max.bootstraps = 65536");
      }
      case PEAK_MEMORY -> {
        // every node's ciphertexts are held to the end: two tensors of 33000+ are over 1 GiB
        int size = 33_000 + random.nextInt(8000);
        int x = b.input("x", size, ValueRange.unsigned(2));
        b.output(b.matMulConstant(b.add(x, x), 1, new long[size]), "y");
        long peak = (2L * size + 1 + 2) * 8 * (LEVELED.bigLweDimension().value() + 1);
        yield new Case(
            kind,
            artifact(b, LEVELED),
            "estimated peak memory (bytes) of one record's evaluation: "
                + peak
                + " exceeds the cap max.peak.memory.bytes = 1073741824");
      }
    };
  }

  private static long[] filled(int size, long c) {
    long[] constants = new long[size];
    java.util.Arrays.fill(constants, c);
    return constants;
  }

  private static ServerArtifact artifact(CircuitBuilder b, ParameterSet p) {
    Circuit circuit = b.build();
    return new ServerArtifact(
        "hostile",
        "1",
        p,
        circuit,
        new NoiseProfile(new double[circuit.nodes().size()]),
        new CiphertextModulusLog(16));
  }
}
