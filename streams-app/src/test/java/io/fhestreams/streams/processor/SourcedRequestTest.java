package io.fhestreams.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.RecordSchemas;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import io.fhestreams.schemas.serde.InMemorySchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SourcedRequestTest {

  private final String scope = "sr-" + UUID.randomUUID();
  private final Map<String, Object> configs = Map.of("schema.registry.url", "mock://" + scope);

  {
    // as the project's registry does at startup: the serializers only look ids up
    RecordSchemas.bySubject().forEach(InMemorySchemaRegistry.forScope(scope)::register);
  }

  @Test
  void shouldKeepTheExactBytesNextToTheDecodedRequest() {
    EncryptedInferenceRequest request = TestRequests.valid("r", new SplittableRandom(1), 2).build();
    ConfluentAvroSerializer<EncryptedInferenceRequest> ser = new ConfluentAvroSerializer<>();
    ser.configure(configs, false);
    byte[] bytes = ser.serialize("fhe.requests", request);
    Serde<SourcedRequest> serde =
        SourcedRequest.serde(
            configs,
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50)));
    SourcedRequest sourced = serde.deserializer().deserialize("fhe.requests", bytes);
    assertThat(sourced.request()).isEqualTo(request);
    assertThat(sourced.rawValue()).isSameAs(bytes);
    assertThat(serde.serializer().serialize("fhe.requests", sourced)).isSameAs(bytes);
    assertThat(serde.deserializer().deserialize("fhe.requests", null)).isNull();
  }

  @Test
  void undecodableBytes_throwForTheDeserializationHandler() {
    Serde<SourcedRequest> serde =
        SourcedRequest.serde(
            configs,
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50)));
    assertThatThrownBy(
            () -> serde.deserializer().deserialize("fhe.requests", new byte[] {1, 2, 3, 4, 5, 6}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x01");
  }

  /** A schema registry that answers {@code status} to the first {@code failures} calls. */
  private static com.sun.net.httpserver.HttpServer flakyRegistry(
      int status, int failures, java.util.concurrent.atomic.AtomicInteger calls)
      throws java.io.IOException {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/schemas/ids/",
        exchange -> {
          int call = calls.incrementAndGet();
          String body =
              call <= failures
                  ? "{\"error_code\":" + status + ",\"message\":\"try later\"}"
                  : new com.fasterxml.jackson.databind.ObjectMapper()
                      .createObjectNode()
                      .put("schema", EncryptedInferenceRequest.getClassSchema().toString())
                      .toString();
          byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(call <= failures ? status : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }

  @Test
  void throttlingOrRefusedCredentials_areRetriedWhileTheRecordWaits() throws Exception {
    EncryptedInferenceRequest request = TestRequests.valid("r", new SplittableRandom(3), 1).build();
    ConfluentAvroSerializer<EncryptedInferenceRequest> ser = new ConfluentAvroSerializer<>();
    ser.configure(configs, false);
    byte[] bytes = ser.serialize("fhe.requests", request);
    // the mock registry numbers schemas from 1: point the record at id 1 of the flaky one
    java.nio.ByteBuffer.wrap(bytes, 1, 4).putInt(1);
    for (int status : new int[] {429, 401, 403, 408, 503}) {
      java.util.concurrent.atomic.AtomicInteger calls =
          new java.util.concurrent.atomic.AtomicInteger();
      com.sun.net.httpserver.HttpServer server = flakyRegistry(status, 3, calls);
      try {
        Serde<SourcedRequest> serde =
            SourcedRequest.serde(
                Map.of("schema.registry.url", "http://127.0.0.1:" + server.getAddress().getPort()),
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(5)));
        assertThat(serde.deserializer().deserialize("fhe.requests", bytes).request())
            .as("HTTP %d", status)
            .isEqualTo(request);
        assertThat(calls.get()).isEqualTo(4);
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void registryThrottlingBeyondMaxBlock_throwsTheTransientFailureNotAnUndecodableOne()
      throws Exception {
    byte[] bytes = {0, 0, 0, 0, 1, 2, 3};
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer server = flakyRegistry(429, Integer.MAX_VALUE, calls);
    try {
      Serde<SourcedRequest> serde =
          SourcedRequest.serde(
              Map.of("schema.registry.url", "http://127.0.0.1:" + server.getAddress().getPort()),
              new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(100)));
      assertThatThrownBy(() -> serde.deserializer().deserialize("fhe.requests", bytes))
          .satisfies(e -> assertThat(TransientFailures.isTransient(e)).isTrue());
      assertThat(calls.get()).isGreaterThan(1);
    } finally {
      server.stop(0);
    }
  }
}
