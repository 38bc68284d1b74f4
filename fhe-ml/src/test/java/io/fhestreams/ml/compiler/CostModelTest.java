package io.fhestreams.ml.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.circuit.Operation;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class CostModelTest {
  private static final ParameterSet LEVELED = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;

  private static double recordNanos(long[] weights, int outputs, int inputs) {
    CoefficientEncoding.Linear linear =
        new CoefficientEncoding.Linear(
            new Operation.MatMulConstant(0, outputs, inputs, weights), new long[outputs]);
    return CostModel.coefficientRecordNanos(
        LEVELED,
        CoefficientEncoding.forShape(outputs, inputs, LEVELED),
        linear,
        new CiphertextModulusLog(24));
  }

  @Test
  void coefficientRecord_shouldBePricedByItsNonzeroWeights_betweenTheZeroAndTheDenseMatrix() {
    int outputs = 3;
    int inputs = 20;
    long[] zero = new long[outputs * inputs];
    long[] dense = new long[outputs * inputs];
    Arrays.fill(dense, 5);
    long[] half = dense.clone();
    Arrays.fill(half, 0, half.length / 2, 0);
    double none = recordNanos(zero, outputs, inputs);
    double some = recordNanos(half, outputs, inputs);
    double all = recordNanos(dense, outputs, inputs);
    // one measured shape: the zero and dense matrices are its two timings, the rest between them
    assertThat(none).isPositive();
    assertThat(all).isGreaterThanOrEqualTo(none);
    assertThat(some).isEqualTo(none + (all - none) / 2, Offset.offset(1e-6));
  }
}
