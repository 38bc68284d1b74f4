package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.avro.DeadLetter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedSchemaRegistryClientTest {

  @Test
  void shouldAskTheRegistryOncePerIdAndPerSchema() throws Exception {
    try (ConfluentRegistryTestServer server = ConfluentRegistryTestServer.start()) {
      CachedSchemaRegistryClient cached =
          new CachedSchemaRegistryClient(
              new RestSchemaRegistryClient(
                  SchemaRegistryConfig.fromMap(
                      Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, server.url()))));
      int id = cached.register("s-value", DeadLetter.getClassSchema());
      int otherId =
          server
              .registry()
              .register(
                  "o-value",
                  org.apache.avro.SchemaBuilder.record("O").fields().requiredInt("x").endRecord());
      for (int i = 0; i < 10; i++) {
        assertThat(cached.register("s-value", DeadLetter.getClassSchema())).isEqualTo(id);
        assertThat(cached.schemaById(id)).isEqualTo(DeadLetter.getClassSchema());
        assertThat(cached.schemaById(otherId).getName()).isEqualTo("O");
      }
      // one registration; id lookup for our own schema answered from the registration; one fetch of
      // otherId
      assertThat(server.requests)
          .containsExactly("POST /subjects/s-value/versions", "GET /schemas/ids/" + otherId);
    }
  }

  @Test
  void shouldNotCacheFailures() throws Exception {
    try (ConfluentRegistryTestServer server = ConfluentRegistryTestServer.start()) {
      CachedSchemaRegistryClient cached =
          new CachedSchemaRegistryClient(
              new RestSchemaRegistryClient(
                  SchemaRegistryConfig.fromMap(
                      Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, server.url()))));
      assertThatThrownBy(() -> cached.schemaById(1)).isInstanceOf(SchemaRegistryException.class);
      int id = server.registry().register("s-value", DeadLetter.getClassSchema());
      assertThat(cached.schemaById(id)).isEqualTo(DeadLetter.getClassSchema());
    }
  }
}
