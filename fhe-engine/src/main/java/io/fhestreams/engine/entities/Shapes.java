package io.fhestreams.engine.entities;

/** Length checks shared by the entities. */
final class Shapes {
    private Shapes() {
    }

    static void requireLength(String what, int expected, int found, String shape) {
        if (expected != found) {
            throw new IllegalArgumentException(what + " of shape " + shape + " needs " + expected
                    + " elements, found " + found);
        }
    }

    static int product(String what, long... factors) {
        long p = 1;
        for (long f : factors) {
            p *= f;
            if (p > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(what + " too large for one Java array");
            }
        }
        return (int) p;
    }

    static void requireBinary(String what, long[] data) {
        for (int i = 0; i < data.length; i++) {
            if ((data[i] & ~1L) != 0) {
                throw new IllegalArgumentException(what + " must hold 0/1 values, found a non-binary value at index " + i);
            }
        }
    }
}
