package io.fhestreams.ml.quantization;

/**
 * Builds integer lookup tables that fuse "de-quantize, activation, re-quantize" into one table, the
 * way Concrete ML turns every univariate function between two quantized layers into a single
 * programmable bootstrap.
 */
public final class LookupTables {
  private LookupTables() {}

  /**
   * Table T with T[k] = out.quantize(f(in.dequantize(in.minInt() + k))) for every integer k of the
   * input quantizer's range; index 0 is the input quantizer's smallest integer.
   */
  public static long[] fuseNew(Activation f, UniformQuantizer in, UniformQuantizer out) {
    if (!f.isElementwise()) {
      throw new IllegalArgumentException(
          f + " is not element-wise and cannot become a lookup table");
    }
    int size = (int) (in.maxInt() - in.minInt() + 1);
    long[] table = new long[size];
    for (int k = 0; k < size; k++) {
      table[k] = out.quantize(f.applyScalar(in.dequantize(in.minInt() + k)));
    }
    return table;
  }
}
