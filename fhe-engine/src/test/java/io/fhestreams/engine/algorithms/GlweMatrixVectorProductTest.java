package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.ModulusSwitchedGlweCiphertextList;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededGlweCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.math.Polynomials;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GlweMatrixVectorProductTest {
  private static final ParameterSet LEVELED = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;

  /** TUniform(17): fresh noise is at most 2^17 in absolute value (integer torus units). */
  private static final long FRESH_BOUND = 1L << 17;

  /** Input bodies rounded to 46 bits: at most 2^17 more per coefficient. */
  private static final CiphertextModulusLog INPUT_BODY_BITS = new CiphertextModulusLog(46);

  private static ClientKey key;

  @BeforeAll
  static void generateKey() {
    key = ClientKey.generate(LEVELED);
  }

  @Test
  void polynomialSize_isTheSmallestPowerOfTwoHoldingTheMatrix() {
    assertThat(GlweMatrixVectorProduct.polynomialSizeFor(1, 1).value()).isEqualTo(4);
    assertThat(GlweMatrixVectorProduct.polynomialSizeFor(3, 4).value()).isEqualTo(16);
    assertThat(GlweMatrixVectorProduct.polynomialSizeFor(4, 4).value()).isEqualTo(16);
    assertThat(GlweMatrixVectorProduct.polynomialSizeFor(10, 64).value()).isEqualTo(1024);
    assertThat(GlweMatrixVectorProduct.polynomialSizeFor(1, 2048).value()).isEqualTo(2048);
    assertThatThrownBy(() -> GlweMatrixVectorProduct.polynomialSizeFor(0, 3))
        .hasMessageContaining("0 x 3");
  }

  @Test
  void clearProduct_putsTheMatrixVectorProductInTheFirstCoefficients() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trial = 0; trial < 200; trial++) {
      int rows = 1 + rnd.nextInt(12);
      int columns = 1 + rnd.nextInt(40);
      PolynomialSize n = GlweMatrixVectorProduct.polynomialSizeFor(rows, columns);
      long[] matrix = rnd.longs((long) rows * columns, -1000, 1000).toArray();
      long[] x = rnd.longs(columns, -500, 500).toArray();
      long[] product =
          Polynomials.multiplySchoolbookNew(
              GlweMatrixVectorProduct.vectorPolynomialNew(x, rows, n),
              GlweMatrixVectorProduct.matrixPolynomialNew(matrix, rows, columns, n));
      assertThat(java.util.Arrays.copyOf(product, rows))
          .as("seed %d, %d x %d", seed, rows, columns)
          .containsExactly(clearProduct(matrix, rows, columns, x));
    }
  }

  @Test
  void encryptedProduct_equalsClearOnRandomShapes() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    // the edges first: one output, m·d = N exactly, m·d = 2048 (k = 1), a single cell (N = 4)
    int[][] shapes = {{1, 30}, {4, 4}, {8, 256}, {1, 2048}, {2048, 1}, {1, 1}, {3, 13}, {10, 64}};
    for (int trial = 0; trial < shapes.length + 12; trial++) {
      int rows;
      int columns;
      if (trial < shapes.length) {
        rows = shapes[trial][0];
        columns = shapes[trial][1];
      } else {
        rows = 1 + rnd.nextInt(16);
        columns = 1 + rnd.nextInt(2048 / rows);
      }
      checkEncryptedProduct(rows, columns, rnd, "seed " + seed + ", " + rows + " x " + columns);
    }
  }

  private static void checkEncryptedProduct(
      int rows, int columns, SplittableRandom rnd, String what) {
    PolynomialSize n = GlweMatrixVectorProduct.polynomialSizeFor(rows, columns);
    GlweDimension k = new GlweDimension(LEVELED.bigLweDimension().value() / n.value());
    long[] matrix = rnd.longs((long) rows * columns, -128, 128).toArray();
    long[] x = rnd.longs(columns, 0, 256).toArray();
    long[] offsets = rnd.longs(rows, -100_000, 100_000).toArray();
    SeededGlweCiphertext input =
        key.encryptSeededGlwe(
            GlweMatrixVectorProduct.vectorPolynomialNew(x, rows, n), k, n, INPUT_BODY_BITS);
    long[] w = GlweMatrixVectorProduct.matrixPolynomialNew(matrix, rows, columns, n);
    GlweCiphertext out =
        GlweMatrixVectorProduct.multiplyNew(SeededCompression.decompressNew(input), w, rows);
    long[] plaintexts = new long[rows];
    for (int j = 0; j < rows; j++) {
      plaintexts[j] = offsets[j] * LEVELED.delta();
    }
    GlweMatrixVectorProduct.addToBodyInPlace(out, plaintexts);
    GlweSecretKey glweKey = key.bigKeyAsGlwe(k, n, InsecureSecretKeyAccess.get());
    long[] expected = clearProduct(matrix, rows, columns, x);
    long l1 = 0;
    for (long c : w) {
      l1 += Math.abs(c);
    }
    long[] phases = GlweEncryption.decryptPhaseNew(glweKey, out);
    for (int j = 0; j < rows; j++) {
      long message = expected[j] + offsets[j];
      assertThat(MessageEncoding.decode(LEVELED, phases[j]))
          .as(what + ", output " + j)
          .isEqualTo(message);
      // the noise of every slot is Σ_r W_r·E_(j−r), E fresh noise plus the body's rounding:
      // bounded by ||W||_1 · (2^17 + 2^17)
      assertThat(Math.abs(MessageEncoding.noise(LEVELED, phases[j], message)))
          .as(what + ", noise of output " + j)
          .isLessThanOrEqualTo(l1 * 2 * FRESH_BOUND);
    }
    // after the switch to 2^40 of the mask and the rows body slots, as the server sends it
    ModulusSwitchedGlweCiphertextList sent =
        GlwePackingCompression.compressNew(
            new GlweCiphertext[] {out}, rows, new CiphertextModulusLog(40));
    long[] switched =
        GlweEncryption.decryptPhaseNew(glweKey, GlwePackingCompression.decompressNew(sent)[0]);
    for (int j = 0; j < rows; j++) {
      assertThat(MessageEncoding.decode(LEVELED, switched[j]))
          .as(what + ", switched output " + j)
          .isEqualTo(expected[j] + offsets[j]);
    }
  }

  @Test
  void mismatchedShapes_areRefused() {
    PolynomialSize n = new PolynomialSize(16);
    assertThatThrownBy(() -> GlweMatrixVectorProduct.matrixPolynomialNew(new long[17], 1, 17, n))
        .hasMessageContaining("1 x 17 matrix needs N >= 17, found N = 16");
    assertThatThrownBy(() -> GlweMatrixVectorProduct.matrixPolynomialNew(new long[5], 2, 3, n))
        .hasMessageContaining("needs 6 entries, found 5");
    GlweCiphertext ct = GlweCiphertext.zeros(new GlweDimension(2), n);
    assertThatThrownBy(() -> GlweMatrixVectorProduct.multiplyNew(ct, new long[8], 1))
        .hasMessageContaining("N = 16 coefficients, found 8");
    assertThatThrownBy(() -> GlweMatrixVectorProduct.multiplyNew(ct, new long[16], 17))
        .hasMessageContaining("17 outside [0, 16]");
  }

  private static long[] clearProduct(long[] matrix, int rows, int columns, long[] x) {
    long[] y = new long[rows];
    for (int j = 0; j < rows; j++) {
      for (int u = 0; u < columns; u++) {
        y[j] += matrix[j * columns + u] * x[u];
      }
    }
    return y;
  }
}
