package io.fhestreams.engine.compression;

import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.LweDimension;

/**
 * A list of LWE ciphertexts switched from modulus 2^64 to 2^b: every mask and body coefficient
 * rounded to its top b bits, stored as values in [0, 2^b), count·(n+1) of them back to back. A
 * public operation (anyone can switch a modulus) that adds rounding noise; used for output
 * ciphertexts the client only decrypts. {@link #values()} is the live array.
 */
public final class ModulusSwitchedLweCiphertextList {
  private final long[] values;
  private final LweDimension dimension;
  private final CiphertextModulusLog modulusLog;

  /** Wraps {@code values} (count·(n+1), each in [0, 2^b)) without copying. */
  public ModulusSwitchedLweCiphertextList(
      long[] values, LweDimension dimension, CiphertextModulusLog modulusLog) {
    if (values.length % dimension.toLweSize() != 0) {
      throw new IllegalArgumentException(
          "ModulusSwitchedLweCiphertextList of n="
              + dimension.value()
              + " needs a multiple of "
              + dimension.toLweSize()
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
    this.dimension = dimension;
    this.modulusLog = modulusLog;
  }

  public long[] values() {
    return values;
  }

  public LweDimension dimension() {
    return dimension;
  }

  /** b: the ciphertexts live modulo 2^b. */
  public CiphertextModulusLog modulusLog() {
    return modulusLog;
  }

  public CiphertextCount count() {
    return new CiphertextCount(values.length / dimension.toLweSize());
  }

  @Override
  public String toString() {
    return "ModulusSwitchedLweCiphertextList{n="
        + dimension.value()
        + ", count="
        + count().value()
        + ", log2 q="
        + modulusLog.value()
        + "}";
  }
}
