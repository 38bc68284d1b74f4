package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.LweDimension;

/** A list of LWE ciphertexts of one dimension, stored back to back (count * (n+1) elements). */
public final class LweCiphertextList {
  private final long[] data;
  private final LweDimension dimension;
  private final CiphertextCount count;

  /** Wraps {@code data} without copying. */
  public LweCiphertextList(long[] data, LweDimension dimension, CiphertextCount count) {
    Shapes.requireLength(
        "LweCiphertextList",
        Shapes.product("LweCiphertextList", count.value(), dimension.toLweSize()),
        data.length,
        "n=" + dimension.value() + ", count=" + count.value());
    this.data = data;
    this.dimension = dimension;
    this.count = count;
  }

  public long[] data() {
    return data;
  }

  public LweDimension dimension() {
    return dimension;
  }

  public CiphertextCount count() {
    return count;
  }

  /** A copy of ciphertext {@code index}. */
  public LweCiphertext get(int index) {
    checkIndex(index);
    int size = dimension.toLweSize();
    long[] out = new long[size];
    System.arraycopy(data, index * size, out, 0, size);
    return new LweCiphertext(out, dimension);
  }

  /** Copies {@code ciphertext} into slot {@code index}. */
  public void set(int index, LweCiphertext ciphertext) {
    checkIndex(index);
    if (!ciphertext.dimension().equals(dimension)) {
      throw new IllegalArgumentException(
          "LweDimension mismatch: list "
              + dimension.value()
              + ", ciphertext "
              + ciphertext.dimension().value());
    }
    System.arraycopy(
        ciphertext.data(), 0, data, index * dimension.toLweSize(), dimension.toLweSize());
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= count.value()) {
      throw new IndexOutOfBoundsException("index " + index + " outside list of " + count.value());
    }
  }

  @Override
  public String toString() {
    return "LweCiphertextList{n=" + dimension.value() + ", count=" + count.value() + "}";
  }
}
