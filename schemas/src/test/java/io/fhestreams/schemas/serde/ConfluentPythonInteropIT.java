package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with an independent implementation of the Confluent framing: Debian's
 * python3-confluent-kafka ({@code confluent_kafka.avro}) with python3-avro, through {@code
 * src/test/python/confluent_peer.py}, against the in-test registry over HTTP.
 *
 * <p>Skipped when /usr/bin/python3 lacks those modules, except under CI ({@code CI=true}), where
 * {@code .ci/run} installs them and a missing peer is a failure.
 */
class ConfluentPythonInteropIT {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path PEER = Path.of("src/test/python/confluent_peer.py");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void requirePeer() throws Exception {
    boolean present =
        Files.isExecutable(PYTHON)
            && run(List.of(
                        PYTHON.toString(),
                        "-c",
                        "import confluent_kafka.avro, avro.schema, requests"))
                    .exitCode
                == 0;
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI=true but /usr/bin/python3 lacks confluent_kafka.avro/avro/requests:"
              + " .ci/run must install python3-confluent-kafka python3-avro python3-requests");
    }
    Assumptions.assumeTrue(
        present, "/usr/bin/python3 with python3-confluent-kafka, python3-avro, python3-requests");
  }

  @Test
  void pythonShouldDecodeWhatJavaWrote() throws Exception {
    try (ConfluentRegistryTestServer server = ConfluentRegistryTestServer.start()) {
      assertPythonDecodes(
          server, EncryptedInferenceRequest.class, "fhe.requests", TestRecords::request);
      assertPythonDecodes(
          server, EncryptedPrediction.class, "fhe.predictions", TestRecords::prediction);
      assertPythonDecodes(server, DeadLetter.class, "fhe.requests.dlq", TestRecords::deadLetter);
    }
  }

  @Test
  void javaShouldDecodeWhatPythonWrote() throws Exception {
    try (ConfluentRegistryTestServer server = ConfluentRegistryTestServer.start()) {
      Map<String, Object> configs = Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, server.url());
      ConfluentAvroDeserializer<EncryptedInferenceRequest> reader =
          new ConfluentAvroDeserializer<>(EncryptedInferenceRequest.class);
      reader.configure(configs, false);
      for (long seed = 0; seed < 3; seed++) {
        EncryptedInferenceRequest expected = TestRecords.request(new SplittableRandom(100 + seed));
        Path json = dir.resolve("in-" + seed + ".json");
        Path out = dir.resolve("out-" + seed + ".bin");
        Files.writeString(json, JSON.writeValueAsString(toJson(expected)));
        Result r =
            run(
                List.of(
                    PYTHON.toString(),
                    PEER.toString(),
                    "encode",
                    server.url(),
                    "fhe.requests",
                    "src/main/avro/EncryptedInferenceRequest.avsc",
                    json.toString(),
                    out.toString()));
        assertThat(r.exitCode).as("peer stderr: %s", r.stderr).isZero();
        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
        assertThat(reader.deserialize("fhe.requests", bytes))
            .as("seed %d", seed)
            .isEqualTo(expected);
      }
      // the peer registered through our registry's REST API, under the TopicNameStrategy subject
      assertThat(server.requests).contains("POST /subjects/fhe.requests-value/versions");
    }
  }

  private <T extends SpecificRecord> void assertPythonDecodes(
      ConfluentRegistryTestServer server,
      Class<T> type,
      String topic,
      Function<SplittableRandom, T> sample)
      throws Exception {
    // registered beforehand, as the project's registry does at startup: the writer looks the id up
    server.registry().register(topic + "-value", SpecificData.get().getSchema(type));
    ConfluentAvroSerializer<T> writer = new ConfluentAvroSerializer<>();
    writer.configure(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, server.url()), false);
    for (long seed = 0; seed < 3; seed++) {
      T record = sample.apply(new SplittableRandom(seed));
      Path in = dir.resolve(topic + "-" + seed + ".bin");
      Files.write(in, writer.serialize(topic, record));
      Result r =
          run(
              List.of(
                  PYTHON.toString(),
                  PEER.toString(),
                  "decode",
                  server.url(),
                  topic,
                  in.toString()));
      assertThat(r.exitCode).as("peer stderr: %s", r.stderr).isZero();
      JsonNode decoded = JSON.readTree(r.stdout);
      assertThat(decoded.path("schema_name").asText()).isEqualTo(record.getSchema().getFullName());
      // compared as text: Jackson's IntNode and LongNode differ even for equal numbers
      assertThat(decoded.path("record").toString())
          .as("%s seed %d", topic, seed)
          .isEqualTo(toJson(record).toString());
    }
  }

  /** The peer's JSON convention: bytes as hex, timestamps as epoch milliseconds. */
  private static ObjectNode toJson(SpecificRecord record) {
    ObjectNode node = JSON.createObjectNode();
    for (Schema.Field f : record.getSchema().getFields()) {
      Object v = record.get(f.pos());
      if (v == null) {
        node.putNull(f.name());
      } else if (v instanceof ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        node.put(f.name(), HexFormat.of().formatHex(bytes));
      } else if (v instanceof Instant t) {
        node.put(f.name(), t.toEpochMilli());
      } else if (v instanceof Integer i) {
        node.put(f.name(), i);
      } else if (v instanceof Long l) {
        node.put(f.name(), l);
      } else {
        node.put(f.name(), v.toString());
      }
    }
    return node;
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("peer", ".out");
    Path err = Files.createTempFile("peer", ".err");
    try {
      Process p =
          new ProcessBuilder(new ArrayList<>(command))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("peer did not finish in 60 s: " + command);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
