package io.fhestreams.engine.entities;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;
import org.junit.jupiter.api.Test;

class EntitiesTest {

  @Test
  void entitiesWithWrongLength_failNamingBothSides() {
    assertThatThrownBy(() -> new LweCiphertext(new long[10], new LweDimension(10)))
        .hasMessageContaining("needs 11 elements, found 10");
    assertThatThrownBy(
            () -> new LweCiphertextList(new long[20], new LweDimension(4), new CiphertextCount(3)))
        .hasMessageContaining("needs 15 elements, found 20");
    assertThatThrownBy(
            () -> new GlweCiphertext(new long[8], new GlweDimension(1), new PolynomialSize(8)))
        .hasMessageContaining("needs 16 elements, found 8");
    assertThatThrownBy(
            () ->
                new GgswCiphertext(
                    new long[10],
                    new GlweDimension(1),
                    new PolynomialSize(4),
                    new DecompositionBaseLog(4),
                    new DecompositionLevelCount(2)))
        .hasMessageContaining("needs 32 elements, found 10");
    assertThatThrownBy(
            () ->
                new LweKeyswitchKey(
                    new int[10][3],
                    new LweDimension(4),
                    new LweDimension(2),
                    new DecompositionBaseLog(3),
                    new DecompositionLevelCount(2)))
        .hasMessageContaining("needs 8 rows, found 10");
    int[][] shortRow = new int[8][3];
    shortRow[5] = new int[2];
    assertThatThrownBy(
            () ->
                new LweKeyswitchKey(
                    shortRow,
                    new LweDimension(4),
                    new LweDimension(2),
                    new DecompositionBaseLog(3),
                    new DecompositionLevelCount(2)))
        .hasMessageContaining(
            "LweKeyswitchKey row 5 of shape n_in=4, n_out=2, l=2 needs 3 elements, found 2");
  }

  @Test
  void secretKeyWithNonBinaryValue_fails() {
    assertThatThrownBy(() -> new LweSecretKey(new long[] {0, 1, 2}, new LweDimension(3)))
        .hasMessageContaining("non-binary value at index 2");
  }

  @Test
  void lookupTableWithBadFunctionCount_fails() {
    assertThatThrownBy(
            () -> new LookupTable(new long[8], new GlweDimension(1), new PolynomialSize(8), 3))
        .hasMessageContaining("found 3");
  }
}
