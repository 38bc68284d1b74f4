package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.ModulusSwitchKind;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * Switches an LWE ciphertext from modulus 2^64 to 2N (tfhe-rs {@code fft_impl/common.rs}, standard
 * kind): x̃ = (x + 2^(63 - log2 2N)) >> (64 - log2 2N), i.e. x·2N/2^64 rounded to the nearest,
 * applied to every mask element and to the body. Only {@link ModulusSwitchKind#STANDARD} is implemented.
 */
public final class ModulusSwitch {
    private ModulusSwitch() {
    }

    /** The switched ciphertext as ints in [0, 2N): mask then body. */
    public static int[] switchNew(LweCiphertext ct, PolynomialSize polynomialSize, ModulusSwitchKind kind) {
        int[] out = new int[ct.dimension().toLweSize()];
        switchInto(ct.data(), 0, ct.dimension().toLweSize(), polynomialSize.log2() + 1, kind, out);
        return out;
    }

    static void switchInto(long[] in, int off, int size, int log2Modulus, ModulusSwitchKind kind, int[] out) {
        requireStandard(kind);
        int shift = 64 - log2Modulus;
        long half = 1L << (shift - 1);
        for (int i = 0; i < size; i++) {
            out[i] = (int) ((in[off + i] + half) >>> shift);
        }
    }

    /**
     * The same switch for a key-switched ciphertext whose elements are torus values modulo 2^32
     * ({@link LweKeyswitch#keyswitch}), in place: x̃ = (x + 2^(31 - log2 2N)) >> (32 - log2 2N), which
     * equals the 64-bit switch of x·2^32.
     */
    static void switchKeyTorusInPlace(int[] data, int size, int log2Modulus, ModulusSwitchKind kind) {
        requireStandard(kind);
        int shift = 32 - log2Modulus;
        int half = 1 << (shift - 1);
        for (int i = 0; i < size; i++) {
            data[i] = (data[i] + half) >>> shift;
        }
    }

    private static void requireStandard(ModulusSwitchKind kind) {
        if (kind != ModulusSwitchKind.STANDARD) {
            throw new UnsupportedOperationException("modulus switch " + kind + " is not implemented; supported: STANDARD");
        }
    }
}
