package io.fhestreams.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.ParameterSets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineTourTest {

  @Test
  void shouldDecryptEveryValueToTheClearResultAndReportEachStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EngineTour tour = new EngineTour(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    EngineTour.Outcome outcome =
        tour.run(ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64, 6, x -> 3 - x, "f(x) = 3 - x", 7);

    assertThat(outcome.values()).isEqualTo(7);
    assertThat(outcome.wrong()).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("evaluation keys generated")
        .contains("7 of 7 encrypted results equal the clear computation");
  }

  @Test
  void leveledParameterSet_fails() {
    EngineTour tour =
        new EngineTour(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThatThrownBy(
            () -> tour.run(ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17, 2, x -> x, "id", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LEVELED_INT24");
  }
}
