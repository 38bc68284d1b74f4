package io.fhestreams.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelCoordinatesTest {

  @Test
  void shouldHoldNameVersionAndKey() {
    ModelCoordinates c = new ModelCoordinates("m", "2", "k");
    assertThat(c.modelName()).isEqualTo("m");
    assertThat(c.modelVersion()).isEqualTo("2");
    assertThat(c.keyId()).isEqualTo("k");
  }

  @Test
  void blankField_failsNamingIt() {
    assertThatThrownBy(() -> new ModelCoordinates("m", " ", "k"))
        .hasMessageContaining("modelVersion must not be blank");
    assertThatThrownBy(() -> new ModelCoordinates(null, "1", "k"))
        .hasMessageContaining("modelName must not be blank, found null");
    assertThatThrownBy(() -> new ModelCoordinates("m", "1", "")).hasMessageContaining("keyId");
  }

  @Test
  void stage_isBoundedToAFewAsciiLetters() {
    assertThat(new ModelCoordinates("m", "2", "k", "production").modelStage())
        .isEqualTo("production");
    assertThat(new ModelCoordinates("m", "2", "k").modelStage()).isNull();
    assertThatThrownBy(() -> new ModelCoordinates("m", "2", "k", ""))
        .hasMessageContaining("modelStage must be 1 to 32 ASCII letters");
    assertThatThrownBy(() -> new ModelCoordinates("m", "2", "k", "p".repeat(1_000_000)))
        .hasMessageContaining("found 1000000 characters starting \"" + "p".repeat(40) + "\"");
    assertThatThrownBy(() -> new ModelCoordinates("m", "2", "k", "prod\nuction\u0000"))
        .hasMessageContaining("\"prod?uction?\"");
    assertThatThrownBy(() -> new ModelCoordinates("m", "2", "k", "production1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
