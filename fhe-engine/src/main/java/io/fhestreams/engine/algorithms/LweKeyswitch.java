package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;

/**
 * LWE key switching (tfhe-rs {@code lwe_keyswitch.rs}): output = (0,…,0,b) - Σ_i Σ_j d_ij·KSK[i][j],
 * where d_ij are the signed base-2^baseLog digits of a_i rounded to its top baseLog·l bits. The
 * phase is kept; the noise grows by the key-switch term of the noise model.
 */
public final class LweKeyswitch {
    private LweKeyswitch() {
    }

    /** Key-switches {@code input} into {@code output} (overwritten). */
    public static void keyswitchInPlace(LweKeyswitchKey ksk, LweCiphertext input, LweCiphertext output) {
        Checks.requireEqual("input LweDimension", ksk.inputDimension(), "LweKeyswitchKey input",
                input.dimension(), "input LweCiphertext");
        Checks.requireEqual("output LweDimension", ksk.outputDimension(), "LweKeyswitchKey output",
                output.dimension(), "output LweCiphertext");
        keyswitch(ksk, input.data(), 0, output.data());
    }

    /** Key-switches {@code input} into a new ciphertext under the output key. */
    public static LweCiphertext keyswitchNew(LweKeyswitchKey ksk, LweCiphertext input) {
        LweCiphertext out = LweCiphertext.zeros(ksk.outputDimension());
        keyswitchInPlace(ksk, input, out);
        return out;
    }

    /** The key switch on raw arrays: {@code in[inOff, inOff + n_in + 1)} into {@code out} (n_out + 1). */
    static void keyswitch(LweKeyswitchKey ksk, long[] in, int inOff, long[] out) {
        int nIn = ksk.inputDimension().value();
        int nOut = ksk.outputDimension().value();
        int size = nOut + 1;
        int l = ksk.levelCount().value();
        int baseLog = ksk.baseLog().value();
        int shift = 64 - baseLog * l;
        long mask = (1L << baseLog) - 1;
        long[] key = ksk.data();
        java.util.Arrays.fill(out, 0, size, 0L);
        out[nOut] = in[inOff + nIn];
        for (int i = 0; i < nIn; i++) {
            long x = in[inOff + i];
            long state = shift == 0 ? x : ((x >>> (shift - 1)) + 1) >>> 1;
            for (int t = 0; t < l; t++) {
                long d = state & mask;
                long carry = (d >>> (baseLog - 1)) & 1;
                d -= carry << baseLog;
                state = (state >>> baseLog) + carry;
                if (d != 0) {
                    subtractScaled(out, key, (i * l + t) * size, size, d);
                }
            }
        }
    }

    private static void subtractScaled(long[] out, long[] key, int off, int size, long d) {
        for (int c = 0; c < size; c++) {
            out[c] -= d * key[off + c];
        }
    }
}
