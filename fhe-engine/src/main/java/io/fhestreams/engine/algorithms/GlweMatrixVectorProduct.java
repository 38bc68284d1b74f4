package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A clear integer matrix times an encrypted vector as one polynomial product, with the vector and
 * the matrix encoded in polynomial coefficients (Huang, Lu, Hong, Liu, "Cheetah: Lean and Fast
 * Secure Two-Party Deep Neural Network Inference", USENIX Security 2022, section 3: the coefficient
 * encodings π_lhs/π_rhs of a matrix-vector product in Z[X]/(X^N+1)).
 *
 * <p>For an m × d matrix w and N ≥ m·d, the vector x goes into coefficient u·m of M(X) (u &lt; d),
 * and the matrix into W(X) with W[(j − u·m) mod N] = w[j][u] when j ≥ u·m and −w[j][u] when the
 * index wrapped (X^N = −1). Then coefficient j &lt; m of M·W is Σ_u w[j][u]·x[u]: the m·d pairs (j,
 * u) land on distinct exponents j − u·m in (−m·d, m), so no two terms of the sum collide. The other
 * coefficients of M·W hold unrelated sums and are not read.
 *
 * <p>On a GLWE ciphertext (A_0..A_{k−1}, B) of M, the product by W is (A_0·W, …, A_{k−1}·W, B·W), a
 * GLWE ciphertext of M·W + E·W: the noise of coefficient j is Σ_r W_r·E_{j−r}, at most ||W||_1 ·
 * max|E| and of variance Σ_r W_r² · Var(E) (every nonzero coefficient of W meets one of E). One
 * product costs k·N·nnz(W) + m·nnz(W) multiply-adds mod 2^64 (the mask in full, the body only at
 * the m coefficients read): k·N·m·d, as many as m dot products of d LWE ciphertexts of dimension
 * k·N.
 */
public final class GlweMatrixVectorProduct {
  private GlweMatrixVectorProduct() {}

  /** Smallest power of two N ≥ max(4, rows·columns) (the smallest {@link PolynomialSize}). */
  public static PolynomialSize polynomialSizeFor(int rows, int columns) {
    long cells = Math.max(4L, (long) rows * columns);
    if (rows < 1 || columns < 1 || cells > (1 << 30)) {
      throw new IllegalArgumentException(
          "a matrix of " + rows + " x " + columns + " has no coefficient encoding");
    }
    return new PolynomialSize(Integer.highestOneBit((int) cells - 1) << 1);
  }

  /**
   * The polynomial M of {@code vector} for a matrix of {@code rows} rows: vector[u] at coefficient
   * u·rows, 0 elsewhere.
   */
  public static long[] vectorPolynomialNew(long[] vector, int rows, PolynomialSize n) {
    requireFits(rows, vector.length, n);
    long[] m = new long[n.value()];
    for (int u = 0; u < vector.length; u++) {
      m[u * rows] = vector[u];
    }
    return m;
  }

  /** The polynomial W of the {@code rows} × {@code columns} matrix {@code matrix} (row-major). */
  public static long[] matrixPolynomialNew(long[] matrix, int rows, int columns, PolynomialSize n) {
    if (matrix.length != (long) rows * columns) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + " x "
              + columns
              + " matrix needs "
              + (long) rows * columns
              + " entries, found "
              + matrix.length);
    }
    requireFits(rows, columns, n);
    long[] w = new long[n.value()];
    for (int j = 0; j < rows; j++) {
      for (int u = 0; u < columns; u++) {
        int exponent = j - u * rows;
        long entry = matrix[j * columns + u];
        if (exponent >= 0) {
          w[exponent] = entry;
        } else {
          w[exponent + n.value()] = -entry;
        }
      }
    }
    return w;
  }

  /**
   * {@code input} times the clear polynomial {@code w} (N integer coefficients, zeros skipped): the
   * mask polynomials in full, the body at its first {@code bodyCoefficients} coefficients only (the
   * rest of the body is left 0 and does not decrypt: a caller reads only those, e.g. the m outputs
   * of a matrix-vector product).
   */
  public static GlweCiphertext multiplyNew(GlweCiphertext input, long[] w, int bodyCoefficients) {
    int n = input.polynomialSize().value();
    int k = input.glweDimension().value();
    if (w.length != n) {
      throw new IllegalArgumentException(
          "clear polynomial needs N = " + n + " coefficients, found " + w.length);
    }
    if (bodyCoefficients < 0 || bodyCoefficients > n) {
      throw new IllegalArgumentException(
          "body coefficients " + bodyCoefficients + " outside [0, " + n + "]");
    }
    int nonzero = 0;
    int[] exponents = new int[n];
    for (int r = 0; r < n; r++) {
      if (w[r] != 0) {
        exponents[nonzero++] = r;
      }
    }
    long[] in = input.data();
    GlweCiphertext out = GlweCiphertext.zeros(input.glweDimension(), input.polynomialSize());
    long[] o = out.data();
    for (int p = 0; p < k; p++) {
      int off = p * n;
      for (int t = 0; t < nonzero; t++) {
        int r = exponents[t];
        long c = w[r];
        // X^r·A: coefficient i + r gets A[i], wrapping past N with a sign change
        for (int i = 0; i < n - r; i++) {
          o[off + r + i] += c * in[off + i];
        }
        for (int i = n - r; i < n; i++) {
          o[off + r + i - n] -= c * in[off + i];
        }
      }
    }
    int body = k * n;
    for (int j = 0; j < bodyCoefficients; j++) {
      long sum = 0;
      for (int t = 0; t < nonzero; t++) {
        int r = exponents[t];
        sum += r <= j ? w[r] * in[body + j - r] : -w[r] * in[body + j - r + n];
      }
      o[body + j] = sum;
    }
    return out;
  }

  /**
   * Adds plaintexts[j] to body coefficient j of {@code ciphertext}, for j &lt; plaintexts.length.
   */
  public static void addToBodyInPlace(GlweCiphertext ciphertext, long[] plaintexts) {
    int n = ciphertext.polynomialSize().value();
    if (plaintexts.length > n) {
      throw new IllegalArgumentException(
          plaintexts.length + " plaintexts for a body of N = " + n + " coefficients");
    }
    int body = ciphertext.glweDimension().value() * n;
    long[] data = ciphertext.data();
    for (int j = 0; j < plaintexts.length; j++) {
      data[body + j] += plaintexts[j];
    }
  }

  private static void requireFits(int rows, int columns, PolynomialSize n) {
    if (rows < 1 || columns < 1 || (long) rows * columns > n.value()) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + " x "
              + columns
              + " matrix needs N >= "
              + (long) rows * columns
              + ", found N = "
              + n.value());
    }
  }
}
