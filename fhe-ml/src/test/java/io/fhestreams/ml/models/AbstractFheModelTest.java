package io.fhestreams.ml.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.PostProcessing;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AbstractFheModelTest {
  /** A leveled circuit: x + c. */
  private static Circuit plus(long c) {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1, ValueRange.unsigned(3));
    b.output(b.addConstant(x, new long[] {c}), "y");
    return b.build();
  }

  private static AbstractFheModel.Lowered lowered(Circuit circuit, CompiledCircuit compiled) {
    return new AbstractFheModel.Lowered(
        circuit,
        List.of(),
        new double[] {1},
        new double[] {0},
        new PostProcessing(Activation.IDENTITY, new long[] {0, 1}),
        new IoLayout(IoLayout.Inputs.THERMOMETER, new int[0], new double[0]),
        Optional.ofNullable(compiled));
  }

  /** A lowering hands on its own circuit's compilation; another circuit's is refused. */
  @Test
  void lowered_takesTheCompilationOfItsOwnCircuitOnly() {
    Circuit own = plus(1);
    Circuit other = plus(1); // equal nodes, another circuit
    CompiledCircuit compiled = Compiler.compile(own);
    assertThat(lowered(own, compiled).compiled()).containsSame(compiled);
    assertThatThrownBy(() -> lowered(other, compiled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compiled circuit must be its own circuit");
  }
}
