package io.fhestreams.engine.compression;

import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.Seed;

/**
 * The shape shared by every seeded form: a sequence of ciphertexts, each {@code maskLength} mask
 * elements followed by {@code bodyLength} body elements, whose masks were drawn in storage order
 * from one {@link MaskGenerator} (PARAMETERS.md section 5: LWE a_0..a_{n-1}; KSK input coefficient
 * by coefficient, levels l..1; BSK GGSW by GGSW, levels l..1, rows 0..k, k·N elements per row).
 */
final class SeededLayout {
    private SeededLayout() {
    }

    /** The bodies of {@code data}, after checking that its masks are those {@code seed} generates. */
    static long[] extractBodies(long[] data, int maskLength, int bodyLength, Seed seed, String what) {
        int stride = maskLength + bodyLength;
        if (data.length % stride != 0) {
            throw new IllegalArgumentException(what + ": data length " + data.length
                    + " is not a multiple of mask+body " + stride);
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
                    throw new IllegalArgumentException(what + " was not encrypted with masks from this seed: mask element "
                            + i + " of ciphertext " + c + " differs from the regenerated one");
                }
            }
            System.arraycopy(data, off + maskLength, bodies, c * bodyLength, bodyLength);
        }
        return bodies;
    }

    /** Rebuilds the full data: masks regenerated from {@code seed}, bodies copied. */
    static long[] expand(long[] bodies, int maskLength, int bodyLength, Seed seed) {
        int count = bodies.length / bodyLength;
        int stride = maskLength + bodyLength;
        long[] data = new long[Math.multiplyExact(count, stride)];
        MaskGenerator masks = MaskGenerator.fromSeed(seed);
        for (int c = 0; c < count; c++) {
            int off = c * stride;
            masks.fillMask(data, off, maskLength);
            System.arraycopy(bodies, c * bodyLength, data, off + maskLength, bodyLength);
        }
        return data;
    }

    static void requireLength(String what, long expected, int found, String shape) {
        if (expected != found) {
            throw new IllegalArgumentException(what + " of shape " + shape + " needs " + expected
                    + " body elements, found " + found);
        }
    }
}
