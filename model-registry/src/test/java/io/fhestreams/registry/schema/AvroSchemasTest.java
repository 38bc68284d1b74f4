package io.fhestreams.registry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.registry.api.RegistryException;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {
  @Test
  void parse_refusesAnInvalidSchemaWithAvrosReason() {
    assertThatThrownBy(() -> AvroSchemas.parse("{\"type\":\"nope\"}"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNPROCESSABLE))
        .hasMessageContaining("invalid schema")
        .hasMessageContaining("MUST be a primitive type");
    assertThatThrownBy(() -> AvroSchemas.parse(" ")).hasMessageContaining("missing or empty");
  }

  @Test
  void canonical_ignoresWhitespace() {
    assertThat(
            AvroSchemas.canonical(
                AvroSchemas.parse("{ \"type\" :  \"record\", \"name\":\"R\",\"fields\":[] }")))
        .isEqualTo(
            AvroSchemas.canonical(
                AvroSchemas.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}")));
  }
}
