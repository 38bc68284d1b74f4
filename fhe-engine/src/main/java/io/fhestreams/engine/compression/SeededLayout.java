package io.fhestreams.engine.compression;

import io.fhestreams.engine.algorithms.LweKeyswitchKeyGeneration;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.Seed;

/**
 * The shape shared by every seeded form: a sequence of ciphertexts, each {@code maskLength} mask
 * elements followed by {@code bodyLength} body elements, whose masks were drawn in storage order
 * from one {@link MaskGenerator} (PARAMETERS.md section 5: LWE a_0..a_{n-1}; KSK input coefficient
 * by coefficient, levels l..1; BSK GGSW by GGSW, levels l..1, rows 0..k, k·N elements per row).
 */
final class SeededLayout {
  private SeededLayout() {}

  /** The bodies of {@code data}, after checking that its masks are those {@code seed} generates. */
  static long[] extractBodies(long[] data, int maskLength, int bodyLength, Seed seed, String what) {
    int stride = maskLength + bodyLength;
    if (data.length % stride != 0) {
      throw new IllegalArgumentException(
          what + ": data length " + data.length + " is not a multiple of mask+body " + stride);
    }
    int count = data.length / stride;
    long[] bodies = new long[Math.multiplyExact(count, bodyLength)];
    long[] mask = new long[maskLength];
    MaskGenerator masks = MaskGenerator.fromSeed(seed);
    for (int c = 0; c < count; c++) {
      int off = c * stride;
      masks.fillMask(mask, 0, maskLength);
      for (int i = 0; i < maskLength; i++) {
        if (mask[i] != data[off + i]) {
          throw new IllegalArgumentException(
              what
                  + " was not encrypted with masks from this seed: mask element "
                  + i
                  + " of ciphertext "
                  + c
                  + " differs from the regenerated one");
        }
      }
      System.arraycopy(data, off + maskLength, bodies, c * bodyLength, bodyLength);
    }
    return bodies;
  }

  /** Rebuilds the full data: masks regenerated from {@code seed}, bodies copied. */
  static long[] expand(long[] bodies, int maskLength, int bodyLength, Seed seed) {
    int count = bodies.length / bodyLength;
    long[] data = new long[Math.multiplyExact(count, maskLength + bodyLength)];
    expandInto(bodies, 0, count, maskLength, bodyLength, MaskGenerator.fromSeed(seed), data, 0);
    return data;
  }

  /**
   * Writes {@code count} full ciphertexts into {@code out} from {@code outOff}: masks from the
   * running generator {@code masks}, bodies from {@code bodies[bodyOff..]}.
   */
  static void expandInto(
      long[] bodies,
      int bodyOff,
      int count,
      int maskLength,
      int bodyLength,
      MaskGenerator masks,
      long[] out,
      int outOff) {
    int stride = maskLength + bodyLength;
    for (int c = 0; c < count; c++) {
      int off = outOff + c * stride;
      masks.fillMask(out, off, maskLength);
      System.arraycopy(bodies, bodyOff + c * bodyLength, out, off + maskLength, bodyLength);
    }
  }

  /**
   * Copies the bodies of {@code count} ciphertexts of {@code data} into {@code bodies} from {@code
   * bodyOff}.
   */
  static void copyBodies(
      long[] data, int count, int maskLength, int bodyLength, long[] bodies, int bodyOff) {
    int stride = maskLength + bodyLength;
    for (int c = 0; c < count; c++) {
      System.arraycopy(data, c * stride + maskLength, bodies, bodyOff + c * bodyLength, bodyLength);
    }
  }

  /**
   * The bodies of a key-switching key's rows ({@code maskLength} mask elements and one body, modulo
   * 2^32), after checking that its masks are those {@code seed} generates, rounded to 32 bits
   * ({@link LweKeyswitchKeyGeneration#roundToKeyTorus}).
   */
  static int[] extractKeyswitchBodies(int[][] rows, int maskLength, Seed seed) {
    int[] bodies = new int[rows.length];
    long[] mask = new long[maskLength];
    MaskGenerator masks = MaskGenerator.fromSeed(seed);
    for (int c = 0; c < rows.length; c++) {
      masks.fillMask(mask, 0, maskLength);
      for (int i = 0; i < maskLength; i++) {
        if (LweKeyswitchKeyGeneration.roundToKeyTorus(mask[i]) != rows[c][i]) {
          throw new IllegalArgumentException(
              "LweKeyswitchKey was not encrypted with masks from this seed: mask"
                  + " element "
                  + i
                  + " of ciphertext "
                  + c
                  + " differs from the regenerated one");
        }
      }
      bodies[c] = rows[c][maskLength];
    }
    return bodies;
  }

  /**
   * Rebuilds a key-switching key's rows: masks regenerated from {@code seed} and rounded to 32
   * bits, bodies copied.
   */
  static int[][] expandKeyswitch(int[] bodies, int maskLength, Seed seed) {
    int[][] rows = new int[bodies.length][maskLength + 1];
    long[] mask = new long[maskLength];
    MaskGenerator masks = MaskGenerator.fromSeed(seed);
    for (int c = 0; c < bodies.length; c++) {
      masks.fillMask(mask, 0, maskLength);
      for (int i = 0; i < maskLength; i++) {
        rows[c][i] = LweKeyswitchKeyGeneration.roundToKeyTorus(mask[i]);
      }
      rows[c][maskLength] = bodies[c];
    }
    return rows;
  }

  static void requireLength(String what, long expected, int found, String shape) {
    if (expected != found) {
      throw new IllegalArgumentException(
          what + " of shape " + shape + " needs " + expected + " body elements, found " + found);
    }
  }
}
