package io.fhestreams.engine.compression;

import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * Packed output ciphertexts switched from modulus 2^64 to 2^b: ⌈count / N⌉ GLWE ciphertexts, each
 * stored as its k·N mask coefficients and then only the body coefficients that carry a message (N
 * for every ciphertext but the last, count mod N or N for the last), every value rounded to its top
 * b bits and kept in [0, 2^b). The unused body slots are dropped: the client decrypts only the
 * slots that hold an output (tfhe-rs {@code CompressedCiphertextList} stores its packed GLWE
 * ciphertexts the same way, bodies truncated to the number of LWEs). {@link #values()} is the live
 * array.
 */
public final class ModulusSwitchedGlweCiphertextList {
  private final long[] values;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final int count;
  private final CiphertextModulusLog modulusLog;

  /** Wraps {@code values} ({@link #valueCount} of them, each in [0, 2^b)) without copying. */
  public ModulusSwitchedGlweCiphertextList(
      long[] values,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      int count,
      CiphertextModulusLog modulusLog) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "a packed list holds at least 1 ciphertext, found " + count);
    }
    long expected = valueCount(glweDimension, polynomialSize, count);
    if (values.length != expected) {
      throw new IllegalArgumentException(
          "ModulusSwitchedGlweCiphertextList of k="
              + glweDimension.value()
              + ", N="
              + polynomialSize.value()
              + ", count="
              + count
              + " needs "
              + expected
              + " values, found "
              + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if ((values[i] >>> modulusLog.value()) != 0) {
        throw new IllegalArgumentException(
            "value " + values[i] + " at index " + i + " outside [0, 2^" + modulusLog.value() + ")");
      }
    }
    this.values = values;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.count = count;
    this.modulusLog = modulusLog;
  }

  /** GLWE ciphertexts needed for {@code count} slots of N: ⌈count / N⌉. */
  public static long glweCount(PolynomialSize polynomialSize, long count) {
    return (count + polynomialSize.value() - 1) / polynomialSize.value();
  }

  /** Values stored for {@code count} packed ciphertexts: every mask, and count bodies. */
  public static long valueCount(GlweDimension k, PolynomialSize bigN, long count) {
    return glweCount(bigN, count) * k.value() * bigN.value() + count;
  }

  public long[] values() {
    return values;
  }

  public GlweDimension glweDimension() {
    return glweDimension;
  }

  public PolynomialSize polynomialSize() {
    return polynomialSize;
  }

  /** Number of packed LWE ciphertexts (slots in use). */
  public int count() {
    return count;
  }

  /** b: the ciphertexts live modulo 2^b. */
  public CiphertextModulusLog modulusLog() {
    return modulusLog;
  }

  @Override
  public String toString() {
    return "ModulusSwitchedGlweCiphertextList{k="
        + glweDimension.value()
        + ", N="
        + polynomialSize.value()
        + ", count="
        + count
        + ", log2 q="
        + modulusLog.value()
        + "}";
  }
}
