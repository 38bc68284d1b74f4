package io.fhestreams.engine.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.circuit.Node;
import io.fhestreams.engine.circuit.Operation;
import io.fhestreams.engine.compiler.CompilationException;
import io.fhestreams.engine.deploy.FheServer;
import io.fhestreams.engine.deploy.ModelArtifacts;
import io.fhestreams.engine.models.Dataset;
import io.fhestreams.engine.models.ExecutionMode;
import io.fhestreams.engine.quantization.NBits;
import io.fhestreams.engine.quantization.Prediction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FheNeuralNetClassifierTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  /** Inputs 3 bits, weights 4, activations 3, accumulators rounded to 5 bits. */
  static final NetQuantization Q = new NetQuantization(new NBits(3), List.of(new NBits(4)), List.of(new NBits(3)), 5);

  static double[][] train;
  static double[][] test;
  static double[] labels;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws Exception {
    train = Dataset.readCsv(FIXTURES.resolve("digits_train.csv")).rows();
    test = Dataset.readCsv(FIXTURES.resolve("digits_test.csv")).rows();
    labels = Dataset.readCsv(FIXTURES.resolve("digits_test_labels.csv")).column("target");
  }

  static FheNeuralNetClassifier compiled(String net) throws Exception {
    return FheNeuralNetClassifier.fromOnnx(FIXTURES.resolve("nn/digits_" + net + ".onnx"))
        .compile(train, Q, FheNeuralNetClassifier.DEFAULT_LOG2_FLIP_TARGET);
  }

  @Test
  void shouldKeepAccuracy_quantizedAndSimulated_onTheWholeTestSet() throws Exception {
    for (String net : new String[] {"mlp", "cnn"}) {
      FheNeuralNetClassifier m = compiled(net);
      double fp32 = accuracy(m.predictFloat(test));
      double clear = accuracy(m.predict(test, ExecutionMode.CLEAR));
      double simulated = accuracy(m.predict(test, ExecutionMode.SIMULATE));
      System.out.printf("digits %s on %d rows: fp32 %.4f, clear-quantized %.4f, simulated %.4f, %s, %d bootstraps%n",
          net, test.length, fp32, clear, simulated, m.report().parameterSetId(), m.report().bootstraps());
      assertThat(fp32).as(net).isGreaterThan(0.96);
      assertThat(clear).as(net).isGreaterThan(0.93);
      assertThat(simulated).as(net).isGreaterThan(0.92);
      assertThat(m.report().widestLookupBits()).as(net).isLessThanOrEqualTo(FheNeuralNetClassifier.MAX_ACCUMULATOR_BITS);
    }
  }

  @Test
  void lookups_readOnlyTheRoundedTopBitsOfTheirAccumulator() throws Exception {
    FheNeuralNetClassifier m = compiled("mlp");
    var circuit = m.artifacts().server().circuit();
    int lookups = 0;
    for (Node node : circuit.nodes()) {
      if (node.operation() instanceof Operation.TableLookup t) {
        lookups++;
        int width = circuit.node(t.operand()).bitWidth();
        int dropped = width - Q.roundingBits();
        assertThat(dropped).isPositive();
        long[] table = t.table();
        for (int a = 1; a < table.length; a++) {
          if (table[a] != table[a - 1]) {
            // round half up: a new run starts at k·2^d − 2^(d−1)
            assertThat(Math.floorMod(a + (1L << (dropped - 1)), 1L << dropped)).as("run start %d", a).isZero();
          }
        }
      }
    }
    assertThat(lookups).isEqualTo(1);
    assertThat(m.report().bootstraps()).isEqualTo(32);
  }

  @Test
  void tooWideAccumulator_isRefusedNamingTheNode() throws Exception {
    FheNeuralNetClassifier m = FheNeuralNetClassifier.fromOnnx(FIXTURES.resolve("nn/digits_mlp.onnx"));
    NetQuantization wide = new NetQuantization(new NBits(6), List.of(new NBits(6)), List.of(new NBits(6)), 6);
    assertThatThrownBy(() -> m.compile(train, wide, FheNeuralNetClassifier.DEFAULT_LOG2_FLIP_TARGET))
        .isInstanceOf(CompilationException.class)
        .hasMessageContaining("matmul_constant")
        .hasMessageContaining("bit(s) too many");
  }

  @Test
  void artifacts_roundTripThroughFiles_andRunTheSameCircuit() throws Exception {
    FheNeuralNetClassifier m = compiled("cnn");
    m.artifacts().save(dir);
    ModelArtifacts loaded = ModelArtifacts.load(dir);
    assertThat(loaded.client().parameterSetId()).isEqualTo(m.report().parameterSetId()).contains("/W");
    FheServer server = FheServer.of(loaded.server());
    FheServer original = FheServer.of(m.artifacts().server());
    for (int i = 0; i < 20; i++) {
      long[] q = loaded.client().quantize(test[i]);
      assertThat(server.runClear(q)).isEqualTo(original.runClear(q));
      assertThat(loaded.client().dequantize(server.runClear(q)).label())
          .isEqualTo(m.predict(new double[][] {test[i]}, ExecutionMode.CLEAR)[0].label());
    }
  }

  /**
   * Encrypted against clear-quantized on 3 test rows (the 20-row check is the benchmark module's
   * NeuralNetCheck): same labels, and every score within the change one flipped lookup per hidden
   * unit could make (a flip moves one activation by one level).
   */
  @Test
  void encrypted_matchesClearQuantized_onThreeTestRows() throws Exception {
    FheNeuralNetClassifier m = compiled("mlp");
    double[][] rows = Arrays.copyOf(test, 3);
    Prediction[] clear = m.predict(rows, ExecutionMode.CLEAR);
    Prediction[] encrypted = m.predict(rows, ExecutionMode.ENCRYPT);
    var client = m.artifacts().client();
    var matmuls = m.artifacts().server().circuit().nodes().stream()
        .filter(n -> n.operation() instanceof Operation.MatMulConstant).toList();
    Operation.MatMulConstant last = (Operation.MatMulConstant) matmuls.get(matmuls.size() - 1).operation();
    int exact = 0;
    for (int i = 0; i < rows.length; i++) {
      assertThat(encrypted[i].label()).as("row %d", i).isEqualTo(clear[i].label());
      double[] e = encrypted[i].values();
      double[] c = clear[i].values();
      for (int k = 0; k < c.length; k++) {
        double oneFlipPerUnit = 0;
        for (int j = 0; j < last.columns(); j++) {
          oneFlipPerUnit += Math.abs(last.entry(k, j));
        }
        assertThat(Math.abs(e[k] - c[k])).as("row %d score %d", i, k)
            .isLessThanOrEqualTo(client.outputScales()[k] * oneFlipPerUnit + 1e-9);
      }
      exact += Arrays.equals(e, c) ? 1 : 0;
    }
    System.out.printf("encrypted == clear-quantized scores on %d/%d rows%n", exact, rows.length);
  }

  private static double accuracy(Prediction[] p) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i].label() == (long) labels[i] ? 1 : 0;
    }
    return ok / (double) p.length;
  }
}
