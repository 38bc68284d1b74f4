package io.fhestreams.ml.circuit.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedExecutorTest {

  private static Circuit lookupCircuit() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1, ValueRange.unsigned(4));
    long[] identity = new long[16];
    for (int i = 0; i < 16; i++) {
      identity[i] = i;
    }
    b.output(b.tableLookup(x, 0, identity), "y");
    return b.build();
  }

  @Test
  void shouldEqualTheClearExecutorWithoutNoise() {
    Circuit c = lookupCircuit();
    SimulatedExecutor sim =
        new SimulatedExecutor(NoiseProfile.noiseless(c.nodes().size()), new SplittableRandom(1));
    for (long v = 0; v < 16; v++) {
      assertThat(sim.run(c, List.of(new long[] {v})).get(0))
          .isEqualTo(ClearExecutor.evaluate(c, List.of(new long[] {v})).get(0));
    }
  }

  /**
   * With σ = 0.5 message steps at the lookup, an error happens when |e| ≥ 0.5: P = erfc(1/√2) ≈
   * 0.3173.
   */
  @Test
  void shouldFailAtTheRateTheNoiseModelPredicts() {
    Circuit c = lookupCircuit();
    double[] sigmas = new double[c.nodes().size()];
    sigmas[1] = 0.5;
    long seed = 2024;
    SimulatedExecutor sim =
        new SimulatedExecutor(new NoiseProfile(sigmas), new SplittableRandom(seed));
    int trials = 20_000;
    int wrong = 0;
    for (int i = 0; i < trials; i++) {
      if (sim.run(c, List.of(new long[] {8})).get(0)[0] != 8) {
        wrong++;
      }
    }
    double rate = wrong / (double) trials;
    // binomial standard deviation ≈ 0.0033: five of them either side
    assertThat(rate).as("seed %d", seed).isBetween(0.3173 - 0.0165, 0.3173 + 0.0165);
  }
}
