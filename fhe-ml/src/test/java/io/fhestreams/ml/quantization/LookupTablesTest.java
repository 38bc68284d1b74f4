package io.fhestreams.ml.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LookupTablesTest {

  @Test
  void shouldFuseDequantizeActivationRequantizeForEveryInputInteger() {
    UniformQuantizer in = UniformQuantizer.calibrateAffine(new double[] {-4, 4}, new NBits(4));
    UniformQuantizer out = UniformQuantizer.calibrateAffine(new double[] {0, 4}, new NBits(3));
    long[] table = LookupTables.fuseNew(Activation.RELU, in, out);
    assertThat(table).hasSize(16);
    for (int k = 0; k < 16; k++) {
      long expected = out.quantize(Math.max(0, in.dequantize(k)));
      assertThat(table[k]).as("k=%d", k).isEqualTo(expected);
    }
    assertThat(table[0]).isEqualTo(out.quantize(0));
  }

  @Test
  void softmax_fails() {
    UniformQuantizer q = UniformQuantizer.calibrateAffine(new double[] {0, 1}, new NBits(2));
    assertThatThrownBy(() -> LookupTables.fuseNew(Activation.SOFTMAX, q, q))
        .hasMessageContaining("not element-wise");
  }
}
