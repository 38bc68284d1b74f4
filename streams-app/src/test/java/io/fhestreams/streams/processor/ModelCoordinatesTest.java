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
}
