package io.fhestreams.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNameTest {
  @ParameterizedTest
  @ValueSource(strings = {"credit", "credit-scoring.v2", "A_1", "x"})
  void shouldAcceptSafeSegments(String name) {
    assertThat(ModelName.of(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../etc",
        "a/b",
        "a\\b",
        ".hidden",
        "a..b",
        "-dash",
        "name with space",
        "tab\t",
        "nul\u0000",
        "é"
      })
  void of_refusesAnythingThatCouldLeaveItsDirectory(String name) {
    assertThatThrownBy(() -> ModelName.of(name))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.INVALID))
        .hasMessageContaining("model name must match");
  }

  @ParameterizedTest
  @ValueSource(ints = {129, 1000})
  void of_refusesOverlongNames(int length) {
    assertThatThrownBy(() -> ModelName.of("a".repeat(length)))
        .isInstanceOf(RegistryException.class);
  }
}
