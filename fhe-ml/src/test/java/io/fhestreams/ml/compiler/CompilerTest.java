package io.fhestreams.ml.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerTest {

  private static Circuit dot(int features, long weight, int inputBits) {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", features, ValueRange.unsigned(inputBits));
    long[] w = new long[features];
    java.util.Arrays.fill(w, weight);
    b.output(b.matMulConstant(x, 1, w), "y");
    return b.build();
  }

  private static Circuit lookup(int bits, long offset) {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 3, new ValueRange(offset, offset + (1L << bits) - 1));
    long[] table = new long[1 << bits];
    for (int i = 0; i < table.length; i++) {
      table[i] = (i * 5L) % (1L << bits);
    }
    b.output(b.tableLookup(x, offset, table), "y");
    return b.build();
  }

  @Test
  void shouldRunALeveledCircuitUnderTheLeveledSetWithoutKeys() {
    CompiledCircuit c = Compiler.compile(dot(30, 127, 8));
    assertThat(c.parameters()).isEqualTo(ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17);
    CompileReport r = c.report();
    assertThat(r.bootstraps()).isZero();
    assertThat(r.evaluationKeyBytes()).isZero();
    assertThat(r.widestValueBits()).isEqualTo(20);
    // the outputs are switched to the smallest modulus that keeps them within the budget
    assertThat(r.log2PFail()).isLessThanOrEqualTo(-40);
    assertThat(c.outputModulusLog().value()).isBetween(20, 40);
    assertThat(r.outputBytesPerSample())
        .as("smaller than one plain ciphertext")
        .isLessThan(8L * 2049);
    // one output of 30 inputs: coefficient-encoded in N' = 32, the big key read as 64 x 32
    assertThat(c.coefficientEncoding())
        .contains(new CoefficientEncoding(new GlweDimension(64), new PolynomialSize(32)));
    assertThat(r.ciphertextLayout()).contains("coefficient-encoded (GLWE k'=64, N'=32)");
    assertThat(r.inputBytesPerSample())
        .isEqualTo(
            CiphertextFormats.seededGlweBlobLength(
                c.parameters(),
                new PolynomialSize(32),
                CoefficientEncoding.inputBodyModulusLog(c.parameters())));
    assertThat(r.leveledOperationsPerSample()).isEqualTo(30);
    assertThat(r.time().wallMillis()).isPositive().isEqualTo(r.time().cpuMillis());
    // the output's noise, in message steps, is small (the rounding of the switch included); inputs
    // carry none
    assertThat(c.noise().sigma(2)).isBetween(1e-9, 0.1);
    assertThat(c.noise().sigma(0)).isZero();
  }

  private static Circuit matrix(int rows, int columns, long weight) {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", columns, ValueRange.unsigned(8));
    long[] w = new long[rows * columns];
    for (int i = 0; i < w.length; i++) {
      w[i] = i % 3 == 0 ? -weight : weight;
    }
    long[] offsets = new long[rows];
    java.util.Arrays.fill(offsets, 7);
    b.output(b.addConstant(b.matMulConstant(x, rows, w), offsets), "y");
    return b.build();
  }

  @Test
  void aLinearCircuitOfAsManyCellsAsTheKey_isCoefficientEncodedInOnePolynomial() {
    CompiledCircuit c = Compiler.compile(matrix(8, 256, 3));
    assertThat(c.coefficientEncoding())
        .contains(new CoefficientEncoding(new GlweDimension(1), new PolynomialSize(2048)));
    assertThat(c.report().outputBytesPerSample())
        .isEqualTo(
            CiphertextFormats.packedGlweBlobLength(
                c.parameters(),
                new GlweDimension(1),
                new PolynomialSize(2048),
                8,
                c.outputModulusLog()));
  }

  @Test
  void aMatrixLargerThanTheKey_staysInTheLweLayoutAndTheReportSaysWhy() {
    CompiledCircuit c = Compiler.compile(matrix(3, 700, 3));
    assertThat(c.coefficientEncoding()).isEmpty();
    assertThat(c.report().ciphertextLayout())
        .contains("not coefficient-encoded: the 3 x 700 matrix has 2100 cells, more than the 2048");
    assertThat(c.report().inputBytesPerSample())
        .isEqualTo(CiphertextFormats.seededBlobLength(c.parameters(), 700));
    assertThat(c.report().format()).contains("ciphertexts          LWE");
  }

  @Test
  void aMatrixWhoseSharedNoiseDoesNotFit_staysInTheLweLayoutAndTheReportSaysWhy() {
    // every output of a coefficient-encoded product carries the noise of all 2048 weights, in the
    // LWE layout only that of its row's one: at |w| = 30000 (sigma 2^36.6 against Delta/2 = 2^39)
    // the first misses 2^-40, the second (sigma 2^31.1) not
    CompiledCircuit c = Compiler.compile(matrix(2048, 1, 30000));
    assertThat(c.coefficientEncoding()).isEmpty();
    assertThat(c.report().ciphertextLayout()).contains("not coefficient-encoded: its noise");
    assertThat(c.report().log2PFail()).isLessThanOrEqualTo(-40);
  }

  @Test
  void aStricterTargetShouldKeepMoreOutputBits() {
    Circuit circuit = dot(30, 127, 8);
    CompiledCircuit loose = Compiler.compile(circuit);
    CompiledCircuit strict =
        Compiler.compile(circuit, CompileOptions.defaults().withLog2PFailTarget(-128));
    assertThat(strict.outputModulusLog().value()).isGreaterThan(loose.outputModulusLog().value());
    assertThat(strict.report().log2PFail()).isLessThanOrEqualTo(-128);
    assertThat(strict.report().outputBytesPerSample())
        .isGreaterThan(loose.report().outputBytesPerSample());
  }

  @Test
  void tooWideOutput_isRefusedNamingTheNodeAndTheMissingBits() {
    // 2·255·(2^15) needs 24 unsigned bits + sign = 25 > 24
    assertThatThrownBy(() -> Compiler.compile(dot(2, 1L << 15, 8)))
        .isInstanceOf(CompilationException.class)
        .hasMessageContaining("node #2 output 'y'")
        .hasMessageContaining("holds signed 24-bit integers: 1 bit(s) too many");
  }

  @Test
  void shouldPickTheSmallestBootstrappingSetThatHoldsTheWidestLookup() {
    CompiledCircuit three = Compiler.compile(lookup(3, 0));
    assertThat(three.parameters()).isEqualTo(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128);
    assertThat(three.report().bootstrapsByBitWidth()).containsExactly(java.util.Map.entry(3, 3L));
    assertThat(three.report().evaluationKeyBytes()).isPositive();
    assertThat(three.report().log2PFail()).isLessThan(-40);
    CompiledCircuit two = Compiler.compile(lookup(2, 0));
    assertThat(two.parameters()).isEqualTo(ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128);
    assertThat(Compiler.compile(lookup(6, 0)).parameters())
        .isEqualTo(ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M128);
  }

  @Test
  void tooWideLookup_isRefusedNamingTheNodeAndByHowMuch() {
    assertThatThrownBy(() -> Compiler.compile(lookup(7, 0)))
        .isInstanceOf(CompilationException.class)
        .hasMessageContaining("holds 7-bit values")
        .hasMessageContaining("holds 6 bits: 1 bit(s) too many");
  }

  /**
   * The default candidates are the 2^-128 sets, whatever the target; the 2^-64 sets are chosen when
   * passed as candidates, and a stricter target then moves to the 2^-128 set of the same precision
   * (not to a larger 2^-64 set), and its model meets the target.
   */
  @Test
  void the2M128SetsAreTheDefault_andThe2M64OnesAreChosenWhenOffered() {
    assertThat(CompileOptions.DEFAULT_CANDIDATES)
        .containsAll(ParameterSets.tuniform2M128())
        .doesNotContainAnyElementsOf(ParameterSets.tuniform2M64());
    assertThat(Compiler.compile(lookup(4, 0)).parameters())
        .isEqualTo(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128);
    CompileOptions both =
        new CompileOptions(
            CompileOptions.DEFAULT_LOG2_P_FAIL,
            java.util.stream.Stream.concat(
                    ParameterSets.tuniform2M64().stream(), ParameterSets.tuniform2M128().stream())
                .toList());
    assertThat(Compiler.compile(lookup(4, 0), both).parameters())
        .isEqualTo(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64);
    CompileOptions strict = both.withLog2PFailTarget(-100);
    CompiledCircuit four = Compiler.compile(lookup(4, 0), strict);
    assertThat(four.parameters()).isEqualTo(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128);
    assertThat(four.report().log2PFail()).isLessThanOrEqualTo(-100);
    assertThat(Compiler.compile(lookup(2, 0), strict).parameters())
        .isEqualTo(ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128);
    assertThat(Compiler.compile(lookup(6, 0), strict).parameters())
        .isEqualTo(ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M128);
  }

  @Test
  void signedLookupInput_isRefused() {
    assertThatThrownBy(() -> Compiler.compile(lookup(2, -2)))
        .hasMessageContaining("node #1 table_lookup reads signed values")
        .hasMessageContaining("shift the operand by 2");
  }

  @Test
  void roundingReadByAnythingButALookup_isRefused_andItsBootstrapsAreCounted() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 3, ValueRange.unsigned(6));
    int r = b.roundBits(x, 3);
    b.output(r, "r");
    assertThatThrownBy(() -> Compiler.compile(b.build()))
        .isInstanceOf(CompilationException.class)
        .hasMessageContaining("node #2 output 'r' reads the rounding #1 round_bits")
        .hasMessageContaining("only a table lookup or a remainder can read");
    CircuitBuilder ok = new CircuitBuilder();
    int y = ok.input("x", 3, ValueRange.unsigned(6));
    ok.output(ok.tableLookup(ok.roundBits(y, 3), 0, new long[] {0, 1, 2, 3, 4, 5, 6, 7}), "t");
    CompiledCircuit c = Compiler.compile(ok.build());
    // 2 extraction bootstraps on the 3-bit chunk, then the 3-bit lookup, per element
    assertThat(c.report().bootstrapsByBitWidth()).containsExactly(java.util.Map.entry(3, 9L));
    assertThat(c.report().log2PFail()).isLessThan(-40);
  }

  @Test
  void unreachableFailureTarget_isRefusedWithTheShortfall() {
    double log2 = Compiler.compile(lookup(2, 0)).report().log2PFail();
    // only the set it compiled for: a larger one reads the 2-bit lookup lifted to 2 bits, with the
    // same
    // switch errors against a smaller noise, and would fit
    CompileOptions strict =
        new CompileOptions(log2 - 5, List.of(ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64));
    assertThatThrownBy(() -> Compiler.compile(lookup(2, 0), strict))
        .isInstanceOf(CompilationException.class)
        .hasMessageContaining("noise: one evaluation fails with probability")
        .hasMessageContaining("bits short")
        .hasMessageContaining("table_lookup");
  }

  @Test
  void shouldWriteAndReadTheReport() throws Exception {
    CompileReport r = Compiler.compile(lookup(3, 0)).report();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    r.write(new java.io.DataOutputStream(bytes));
    CompileReport back =
        CompileReport.read(
            new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back).isEqualTo(r);
    assertThat(back.format()).contains("3 (3 x 3-bit)").contains(r.parameterSetId());
  }

  @Test
  void theTimeEstimateCountsEveryBootstrap_sharedAmongTheCores() {
    CompileReport r = Compiler.compile(lookup(3, 0)).report();
    TimeEstimate t = r.time();
    assertThat(t.millisPerBootstrap()).isPositive();
    assertThat(t.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    // three bootstraps in one node: the CPU time holds all three (a batch of two costs each at
    // least 6/7 of one alone), the wall time a core's share
    assertThat(t.cpuMillis()).isGreaterThan(t.leveledMillis() + 2 * t.millisPerBootstrap());
    assertThat(t.wallMillis()).isGreaterThan(t.leveledMillis()).isLessThanOrEqualTo(t.cpuMillis());
    assertThat(r.format()).contains("3 bootstraps").doesNotContain("not estimated");
  }

  @Test
  void zeroWeights_costNoLeveledOperation() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 4, ValueRange.unsigned(3));
    b.output(b.matMulConstant(x, 2, new long[] {1, 0, 0, 2, 0, 0, 3, 0}), "y");
    assertThat(
            CircuitCost.of(b.build(), ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17)
                .leveledOperations())
        .isEqualTo(3);
  }
}
