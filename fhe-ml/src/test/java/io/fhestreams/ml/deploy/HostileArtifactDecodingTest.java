package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.serialization.BlobCheck;
import io.fhestreams.engine.serialization.BlobFormatException;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.CircuitCodec;
import io.fhestreams.ml.circuit.UntrustedInput;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.circuit.exec.NoiseProfile;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes offered to the decoders of compiled models ({@link CircuitCodec}, {@link
 * ServerArtifact}, {@link ClientArtifact}): seeded valid circuits and artifacts, mutated thousands
 * of ways. Each case must be refused with the decoder's {@link IOException} (or, for bytes that
 * break the blob container itself, the engine's {@link BlobFormatException}), or decode to a value
 * that re-encodes and decodes back equal; and no decode may allocate more than a small multiple of
 * the bytes it was given. Artifact payloads are mutated inside a re-framed, correctly checksummed
 * container so that the mutations reach the payload decoders. Run with {@code -Dfhe.hostile.seed=N}
 * to replay a seed.
 */
class HostileArtifactDecodingTest {
  private static final int MUTATIONS_PER_SEED_AND_KIND = 200;

  /** What one decode may allocate: a fixed allowance plus a multiple of the bytes given. */
  private static final long ALLOCATION_ALLOWANCE = 1 << 20;

  private static final long ALLOCATION_PER_BYTE = 64;

  private static final int[] HOSTILE_INTS = {
    -1,
    Integer.MIN_VALUE,
    Integer.MAX_VALUE,
    Integer.MAX_VALUE / 8 + 1,
    CircuitCodec.MAX_ELEMENTS,
    CircuitCodec.MAX_ELEMENTS + 1,
    ClientArtifact.MAX_COUNT,
    1 << 30,
    65_536,
    0
  };

  private static final long[] HOSTILE_LONGS = {
    Long.MIN_VALUE, Long.MAX_VALUE, -1, 1L << 62, -(1L << 62), Long.MAX_VALUE - 1, 1L << 31
  };

  private static long seed;
  private static List<Circuit> circuits;
  private static List<ServerArtifact> servers;
  private static List<ClientArtifact> clients;

  @BeforeAll
  static void seedArtifacts() throws Exception {
    seed = Long.getLong("fhe.hostile.seed", new SecureRandom().nextLong());
    System.out.println("HostileArtifactDecodingTest seed " + seed);
    Random random = new Random(seed);
    circuits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      circuits.add(randomCircuit(random));
    }
    ModelArtifacts wine = DeployFixtures.wine().artifacts();
    servers = new ArrayList<>(List.of(wine.server()));
    for (Circuit c : circuits.subList(0, 2)) {
      double[] sigmas = new double[c.nodes().size()];
      Arrays.fill(sigmas, 0.01);
      servers.add(
          new ServerArtifact(
              "random",
              "1",
              wine.server().parameters(),
              c,
              new NoiseProfile(sigmas),
              new CiphertextModulusLog(20)));
    }
    clients =
        List.of(
            wine.client(),
            thermometerClient(wine.client(), 3, new NBits(3)),
            client(wine.client(), 3, new NBits(8), IoLayout.Inputs.COMPLEMENT_DIGITS));
  }

  @Test
  void mutatedCircuitsAndArtifacts_areRefusedOrDecodeToReEncodableValues() throws Exception {
    Random random = new Random(seed ^ 0x5eed);
    Map<String, int[]> outcomes = new TreeMap<>();
    for (Circuit c : circuits) {
      mutateAll(random, circuitBody(c), CIRCUIT, outcomes);
    }
    for (ServerArtifact s : servers) {
      mutateAll(random, payload(s.toBytes(), BlobKind.SERVER_ARTIFACT), SERVER_PAYLOAD, outcomes);
      mutateAll(random, s.toBytes(), SERVER_BLOB, outcomes);
    }
    for (ClientArtifact c : clients) {
      mutateAll(random, payload(c.toBytes(), BlobKind.CLIENT_ARTIFACT), CLIENT_PAYLOAD, outcomes);
      mutateAll(random, c.toBytes(), CLIENT_BLOB, outcomes);
    }
    int total = 0;
    for (Map.Entry<String, int[]> e : outcomes.entrySet()) {
      System.out.printf(
          "  %-36s refused %5d  decoded and re-encoded %5d%n",
          e.getKey(), e.getValue()[0], e.getValue()[1]);
      total += e.getValue()[0] + e.getValue()[1];
    }
    System.out.println("  " + total + " hostile cases, seed " + seed);
    assertThat(total).isGreaterThan(10_000);
    // every kind of mutation reached a refusal: the cases are not all trivially valid
    assertThat(outcomes.values()).allSatisfy(counts -> assertThat(counts[0]).isPositive());
  }

  @Test
  void consistentButHostileShapes_areRefusedNamingTheField() throws Exception {
    CircuitBuilder huge = new CircuitBuilder();
    huge.output(huge.input("x", Integer.MAX_VALUE, ValueRange.unsigned(2)), "y");
    assertRefused(CIRCUIT, circuitBody(huge.build()), "node #0 input size");

    // sizes within the per-node limit whose sum overflows an int: Circuit.inputElements() would
    // wrap
    CircuitBuilder overflowing = new CircuitBuilder();
    int sum = overflowing.input("a", CircuitCodec.MAX_ELEMENTS, ValueRange.unsigned(2));
    for (int i = 0; i < 200; i++) {
      sum =
          overflowing.add(
              sum, overflowing.input("b" + i, CircuitCodec.MAX_ELEMENTS, ValueRange.unsigned(2)));
    }
    overflowing.output(sum, "y");
    assertRefused(CIRCUIT, circuitBody(overflowing.build()), "tensor elements of the nodes so far");

    // a small input re-read by many cheap nodes: few bytes, many ciphertexts to hold
    CircuitBuilder chained = new CircuitBuilder();
    int x = chained.input("x", 1 << 16, ValueRange.unsigned(2));
    int v = x;
    for (int i = 0; i < 600; i++) {
      v = chained.add(v, x);
    }
    chained.output(v, "y");
    assertRefused(CIRCUIT, circuitBody(chained.build()), "tensor elements of the nodes so far");

    CircuitBuilder wide = new CircuitBuilder();
    wide.output(wide.input("x", 1, new ValueRange(Long.MIN_VALUE, Long.MAX_VALUE)), "y");
    assertRefused(CIRCUIT, circuitBody(wide.build()), "wider than 62 bits");

    ServerArtifact wineServer = servers.get(0);
    double[] sigmas = new double[2];
    ServerArtifact hugeServer =
        new ServerArtifact(
            "huge",
            "1",
            wineServer.parameters(),
            huge.build(),
            new NoiseProfile(sigmas),
            new CiphertextModulusLog(20));
    assertRefused(SERVER_BLOB, hugeServer.toBytes(), "input size");

    // a thermometer layout of 16-bit features: 2 * (2^16 - 1) circuit inputs per feature, so
    // 300 features pass the limit and 20 000 overflow an int
    assertRefused(
        CLIENT_BLOB,
        thermometerClient(clients.get(0), 300, new NBits(16)).toBytes(),
        "circuit inputs of one sample");
    assertRefused(
        CLIENT_BLOB,
        thermometerClient(clients.get(0), 20_000, new NBits(16)).toBytes(),
        "circuit inputs of one sample");
  }

  @Test
  void announcedLengthsBeyondTheBytes_areRefusedBeforeAllocating() {
    byte[] body = ByteBuffer.allocate(4).putInt(CircuitCodec.MAX_ELEMENTS).array();
    assertThatThrownBy(() -> CircuitCodec.read(new UntrustedInput(body)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("node count")
        .hasMessageContaining("only 0 bytes remain");
  }

  // --- decoders under test ---

  /** Decodes hostile bytes. */
  private interface Decoder {
    Object decode(byte[] bytes) throws IOException;
  }

  /** Encodes a decoded value again. */
  private interface Encoder {
    byte[] encode(Object value) throws IOException;
  }

  /**
   * A decoder under test with its encoder.
   *
   * @param container whether the engine's container exception counts as a refusal (raw blobs)
   */
  private record Codec(String name, Decoder decoder, Encoder encoder, boolean container) {
    Object decode(byte[] bytes) throws IOException {
      return decoder.decode(bytes);
    }

    byte[] encode(Object value) throws IOException {
      return encoder.encode(value);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Codec CIRCUIT =
      new Codec(
          "circuit body",
          bytes -> CircuitCodec.read(new UntrustedInput(bytes)),
          value -> circuitBody((Circuit) value),
          false);

  private static final Codec SERVER_PAYLOAD =
      new Codec(
          "server artifact payload",
          bytes ->
              ServerArtifact.fromBytes(
                  frame(BlobKind.SERVER_ARTIFACT, servers.get(0).parameters().id(), bytes)),
          value -> payload(((ServerArtifact) value).toBytes(), BlobKind.SERVER_ARTIFACT),
          false);

  private static final Codec CLIENT_PAYLOAD =
      new Codec(
          "client artifact payload",
          bytes ->
              ClientArtifact.fromBytes(
                  frame(BlobKind.CLIENT_ARTIFACT, clients.get(0).parameterSetId(), bytes)),
          value -> payload(((ClientArtifact) value).toBytes(), BlobKind.CLIENT_ARTIFACT),
          false);

  private static final Codec SERVER_BLOB =
      new Codec(
          "server artifact blob",
          ServerArtifact::fromBytes,
          value -> ((ServerArtifact) value).toBytes(),
          true);

  private static final Codec CLIENT_BLOB =
      new Codec(
          "client artifact blob",
          ClientArtifact::fromBytes,
          value -> ((ClientArtifact) value).toBytes(),
          true);

  // --- mutations ---

  private enum Mutation {
    /** The bytes end early. */
    TRUNCATE,
    /** One to three bytes get random bits flipped. */
    FLIP_BYTES,
    /**
     * A 4-byte field holding a small non-negative int (a count, length, size, operand or width) is
     * set to a huge, negative or limit-edge value.
     */
    COUNT_FIELD_TO_HOSTILE_INT,
    /** Four bytes anywhere are overwritten with a hostile int. */
    ANY_INT_TO_HOSTILE,
    /** Eight bytes anywhere (ranges, offsets, constants) become a long at an edge of its type. */
    ANY_LONG_TO_HOSTILE
  }

  private static void mutateAll(Random random, byte[] valid, Codec codec, Map<String, int[]> out)
      throws IOException {
    List<Integer> countFields = smallIntFields(valid);
    for (Mutation m : Mutation.values()) {
      int[] counts = out.computeIfAbsent(codec + " / " + m, k -> new int[2]);
      for (int i = 0; i < MUTATIONS_PER_SEED_AND_KIND; i++) {
        byte[] bytes = mutate(random, valid, m, countFields);
        counts[offer(codec, bytes, m + " #" + i) ? 1 : 0]++;
      }
    }
  }

  private static byte[] mutate(Random r, byte[] valid, Mutation m, List<Integer> countFields) {
    byte[] b = valid.clone();
    switch (m) {
      case TRUNCATE -> b = Arrays.copyOf(valid, r.nextInt(valid.length));
      case FLIP_BYTES -> {
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
      }
      case COUNT_FIELD_TO_HOSTILE_INT ->
          putInt(b, countFields.get(r.nextInt(countFields.size())), hostileInt(r));
      case ANY_INT_TO_HOSTILE -> putInt(b, r.nextInt(b.length - 3), hostileInt(r));
      case ANY_LONG_TO_HOSTILE ->
          ByteBuffer.wrap(b).putLong(r.nextInt(b.length - 7), HOSTILE_LONGS[r.nextInt(7)]);
    }
    return b;
  }

  private static int hostileInt(Random r) {
    return r.nextInt(4) == 0 ? r.nextInt() : HOSTILE_INTS[r.nextInt(HOSTILE_INTS.length)];
  }

  private static void putInt(byte[] b, int at, int value) {
    ByteBuffer.wrap(b).putInt(at, value);
  }

  /** Offsets of big-endian ints in [1, 4096]: counts, lengths, sizes, operands and widths. */
  private static List<Integer> smallIntFields(byte[] b) {
    List<Integer> at = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(b);
    for (int i = 0; i + 4 <= b.length; i++) {
      int v = buffer.getInt(i);
      if (v >= 1 && v <= 4096) {
        at.add(i);
      }
    }
    assertThat(at).isNotEmpty();
    return Collections.unmodifiableList(at);
  }

  /**
   * Decodes one hostile case; returns whether it decoded (and then re-encoded to an equal value),
   * false when it was refused. Any other outcome fails the test, naming the seed and the case.
   */
  private static boolean offer(Codec codec, byte[] bytes, String name) throws IOException {
    String where = codec + " " + name + " (seed " + seed + ")";
    long before = allocatedBytes();
    Object value;
    try {
      value = codec.decode(bytes);
    } catch (IOException e) {
      assertThat(e.getMessage()).as(where).isNotBlank();
      checkAllocation(before, bytes, where);
      return false;
    } catch (BlobFormatException e) {
      if (!codec.container()) {
        fail(where + ": the container refused a re-framed payload", e);
      }
      checkAllocation(before, bytes, where);
      return false;
    } catch (Throwable t) {
      throw new AssertionError(where + ": " + t, t);
    }
    checkAllocation(before, bytes, where);
    assertThat(codec.decode(codec.encode(value))).as(where + " re-encoded").isEqualTo(value);
    return true;
  }

  private static void checkAllocation(long before, byte[] bytes, String where) {
    long allocated = allocatedBytes() - before;
    assertThat(allocated)
        .as(where + ": bytes allocated to decode " + bytes.length + " bytes")
        .isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + ALLOCATION_PER_BYTE * bytes.length);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static void assertRefused(Codec codec, byte[] bytes, String field) {
    assertThatThrownBy(() -> codec.decode(bytes))
        .as(codec.toString())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(field);
  }

  // --- seeds ---

  /**
   * A random valid circuit: inputs, then a few of every operation on tensors of one size, lookups
   * reading fresh unsigned inputs or their roundings, one or two outputs.
   */
  private static Circuit randomCircuit(Random r) {
    CircuitBuilder b = new CircuitBuilder();
    int size = 1 + r.nextInt(4);
    List<Integer> values = new ArrayList<>();
    values.add(b.input("x", size, ValueRange.unsigned(1 + r.nextInt(4))));
    values.add(b.input("y", size, new ValueRange(-3, 5)));
    for (int step = 4 + r.nextInt(8); step > 0; step--) {
      int a = values.get(r.nextInt(values.size()));
      int c = values.get(r.nextInt(values.size()));
      values.add(
          switch (r.nextInt(7)) {
            case 0 -> b.add(a, c);
            case 1 -> b.subtract(a, c);
            case 2 -> b.addConstant(a, randomLongs(r, size, 5));
            case 3 -> b.multiplyConstant(a, randomLongs(r, size, 3));
            case 4 -> b.max(a, c);
            case 5 -> b.matMulConstant(a, size, randomLongs(r, size * size, 2));
            default -> lookup(b, r, size);
          });
    }
    b.output(values.get(values.size() - 1), "out");
    if (r.nextBoolean()) {
      b.output(values.get(r.nextInt(values.size())), "second");
    }
    return b.build();
  }

  /** A lookup of a fresh unsigned input, through a rounding half of the time. */
  private static int lookup(CircuitBuilder b, Random r, int size) {
    int bits = 2 + r.nextInt(3);
    int in = b.input("z", size, ValueRange.unsigned(bits));
    int read = in;
    if (r.nextBoolean()) {
      read = b.roundBits(in, 1);
      bits--;
    }
    return b.tableLookup(read, 0, randomLongs(r, 1 << bits, 20));
  }

  private static long[] randomLongs(Random r, int n, int bound) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(2 * bound + 1) - bound;
    }
    return v;
  }

  /** A client artifact with a thermometer layout of {@code features} unsigned features. */
  private static ClientArtifact thermometerClient(ClientArtifact base, int features, NBits bits) {
    return client(base, features, bits, IoLayout.Inputs.THERMOMETER);
  }

  /** A client artifact with inputs {@code inputs} of {@code features} unsigned features. */
  private static ClientArtifact client(
      ClientArtifact base, int features, NBits bits, IoLayout.Inputs inputs) {
    List<String> names = new ArrayList<>();
    List<UniformQuantizer> quantizers = new ArrayList<>();
    for (int f = 0; f < features; f++) {
      names.add("f" + f);
      quantizers.add(new UniformQuantizer(0.5, 0, bits, false));
    }
    return new ClientArtifact(
        "trees",
        "1",
        names,
        quantizers,
        new double[] {0.1, 0.2, -0.3, 0.4},
        new double[4],
        base.postProcessing(),
        base.parameterSetId(),
        base.report(),
        new IoLayout(inputs, new int[] {0, 1, 2, 0}, new double[] {0.5, -0.5, 0.0}));
  }

  private static byte[] circuitBody(Circuit c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CircuitCodec.write(c, new DataOutputStream(out));
    return out.toByteArray();
  }

  private static byte[] payload(byte[] blob, BlobKind kind) {
    try {
      return BlobReader.open(blob, BlobCheck.anyParameterSet(kind)).readRemainingPayload();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] frame(BlobKind kind, String parameterSetId, byte[] payload) {
    return BlobWriter.toBytes(
        kind, parameterSetId, payload.length, w -> w.writeBytes(payload, 0, payload.length));
  }
}
