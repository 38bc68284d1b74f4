package io.fhestreams.engine.math;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Arrays whose element {@link #START} lies on a 64-byte boundary, the size of an AVX-512 vector and
 * of a cache line: a 512-bit load or store that is not 64-byte aligned spans two cache lines, and
 * the transforms and the external product run 12–30 % faster on aligned data (benchmarks/
 * RESULTS.md, sections "Batch PBS on the lane path, second pass" and "64-byte alignment").
 *
 * <p>Java 17 neither tells an array's address nor aligns arrays beyond 8 bytes, and the garbage
 * collector moves them. G1, however, allocates an array of at least half a heap region as a
 * humongous object that starts at a region boundary (regions are 1–32 MB, powers of two) and, in
 * JDK 17, never moves it; its elements then start at the array base offset after that boundary. So
 * on G1 the arrays made here are padded to that size, and {@link #START} is the first element after
 * the base offset at a multiple of 64 bytes. Under another collector, or if the JVM lays arrays out
 * otherwise, the same arrays and offsets are only unaligned: results are the same, only slower.
 * Each array costs at least half a region (2 MB with the 4 MB regions of a 6 GB heap), so this is
 * for long-lived per-thread scratch, not for values.
 */
public final class CacheAligned {
  /** Bytes of the alignment: one cache line, one 512-bit vector. */
  public static final int BYTES = 64;

  /** Elements of 8 bytes (double, long) in {@link #BYTES}. */
  public static final int ELEMENTS = BYTES / Double.BYTES;

  /**
   * Index of the first 64-byte-aligned element of an array from {@link #doubles} or {@link #longs}:
   * the array base offset is 16 bytes with compressed class pointers (the default), 24 without
   * (HotSpot's array header: mark word, class pointer, length, padded to 8 bytes).
   */
  public static final int START;

  /** Smallest length in 8-byte elements that G1 allocates as humongous, or 0 when not on G1. */
  private static final int HUMONGOUS_ELEMENTS;

  static {
    HotSpotDiagnosticMXBean vm = diagnostics();
    int base = "false".equals(option(vm, "UseCompressedClassPointers")) ? 24 : 16;
    START = (BYTES - base % BYTES) % BYTES / Double.BYTES;
    long region =
        "true".equals(option(vm, "UseG1GC")) ? parseLong(option(vm, "G1HeapRegionSize")) : 0;
    HUMONGOUS_ELEMENTS = (int) Math.min(Integer.MAX_VALUE, region / 2 / Double.BYTES);
  }

  private CacheAligned() {}

  /**
   * A zeroed array in which {@code length} elements from {@link #START} on fit, padded so that G1
   * places it on a region boundary.
   */
  public static double[] doubles(int length) {
    return new double[paddedLength(length)];
  }

  /** As {@link #doubles}, of longs. */
  public static long[] longs(int length) {
    return new long[paddedLength(length)];
  }

  /**
   * {@code length} rounded up to a multiple of {@link #ELEMENTS}: parts of these lengths laid one
   * after the other from {@link #START} all start aligned.
   */
  public static int roundUp(int length) {
    if (length < 0 || length > Integer.MAX_VALUE - ELEMENTS) {
      throw new IllegalArgumentException("length out of range: " + length);
    }
    return (length + ELEMENTS - 1) / ELEMENTS * ELEMENTS;
  }

  private static int paddedLength(int length) {
    if (length < 0 || length > Integer.MAX_VALUE - START - ELEMENTS) {
      throw new IllegalArgumentException("length out of range: " + length);
    }
    return Math.max(START + length, HUMONGOUS_ELEMENTS);
  }

  private static HotSpotDiagnosticMXBean diagnostics() {
    try {
      return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (RuntimeException | LinkageError e) {
      return null; // not HotSpot: no padding, the default offset
    }
  }

  private static String option(HotSpotDiagnosticMXBean vm, String name) {
    if (vm == null) {
      return "";
    }
    try {
      return vm.getVMOption(name).getValue();
    } catch (IllegalArgumentException e) {
      return ""; // no such option in this VM
    }
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
