package io.fhestreams.registry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {
  static final Schema V1 =
      AvroSchemas.parse(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

  /**
   * Adds a field with a default: readable by new readers over old data (BACKWARD) and old readers
   * over new data (FORWARD).
   */
  static final Schema ADDED_WITH_DEFAULT =
      AvroSchemas.parse(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"long\",\"default\":0}]}");

  /**
   * Adds a field without a default: new readers cannot read old data (not BACKWARD), old readers
   * ignore it (FORWARD).
   */
  static final Schema ADDED_WITHOUT_DEFAULT =
      AvroSchemas.parse(
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"long\"}]}");

  @Test
  void backward_acceptsAFieldAddedWithADefaultAndRefusesOneWithout() {
    assertThat(CompatibilityLevel.BACKWARD.check(ADDED_WITH_DEFAULT, V1)).isEmpty();
    assertThat(CompatibilityLevel.BACKWARD.check(ADDED_WITHOUT_DEFAULT, V1))
        .hasValueSatisfying(
            m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("b"));
  }

  @Test
  void forwardAndFullAreTheOtherDirectionAndBoth() {
    assertThat(CompatibilityLevel.FORWARD.check(ADDED_WITHOUT_DEFAULT, V1)).isEmpty();
    assertThat(CompatibilityLevel.FORWARD.check(V1, ADDED_WITHOUT_DEFAULT)).isPresent();
    assertThat(CompatibilityLevel.FULL.check(ADDED_WITH_DEFAULT, V1)).isEmpty();
    assertThat(CompatibilityLevel.FULL.check(ADDED_WITHOUT_DEFAULT, V1)).isPresent();
    assertThat(CompatibilityLevel.NONE.check(AvroSchemas.parse("\"string\""), V1)).isEmpty();
  }
}
