package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.params.ModulusSwitchKind;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Key switch + programmable bootstrap, the KS-PBS order of tfhe-rs classic (Chillotti, Ligier,
 * Orfila, Tap, "Programmable Bootstrapping Enables Efficient Homomorphic Inference of Deep Neural
 * Networks", 2021): the input (big key, dimension k·N) is key-switched to the small key, its modulus
 * switched to 2N, the lookup table blind-rotated by it, and coefficient 0 sample-extracted: an
 * encryption of f(m) under the big key with fresh, input-independent noise.
 *
 * <p>Preconditions: the key-switching key goes from k·N to n, the bootstrap key from n to (k, N);
 * the input has dimension k·N. The batch form {@link #parBootstrapNew} shares the keys read-only
 * and returns exactly what the sequential form returns (the algorithm is deterministic).
 */
public final class ProgrammableBootstrap {
    private ProgrammableBootstrap() {
    }

    /** PBS of {@code input} through {@code lut} into {@code output} (dimension k·N), using {@code ws}. */
    public static void bootstrapInPlace(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk, ModulusSwitchKind modulusSwitch,
            LweCiphertext input, LookupTable lut, LweCiphertext output, BootstrapWorkspace ws) {
        requireShapes(bsk, ksk, input);
        Checks.requireEqual("LweDimension", input.dimension(), "input LweCiphertext", output.dimension(), "output LweCiphertext");
        rotate(bsk, ksk, modulusSwitch, input, lut, ws);
        SampleExtraction.extractInto(ws.accumulator, ws.k, ws.n, 0, output.data());
    }

    /** PBS of {@code input} through {@code lut} as a new ciphertext. */
    public static LweCiphertext bootstrapNew(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk,
            ModulusSwitchKind modulusSwitch, LweCiphertext input, LookupTable lut) {
        LweCiphertext out = LweCiphertext.zeros(input.dimension());
        bootstrapInPlace(bsk, ksk, modulusSwitch, input, lut, out, BootstrapWorkspace.forKey(bsk));
        return out;
    }

    /**
     * Many-LUT PBS: one blind rotation of a table built by {@link LookupTables#forFunctions}, one
     * output per function (function j read at coefficient j·N/ν).
     */
    public static LweCiphertext[] bootstrapManyNew(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk,
            ModulusSwitchKind modulusSwitch, LweCiphertext input, LookupTable lut, BootstrapWorkspace ws) {
        requireShapes(bsk, ksk, input);
        rotate(bsk, ksk, modulusSwitch, input, lut, ws);
        int count = lut.functionCount();
        int chunk = ws.n / count;
        LweCiphertext[] out = new LweCiphertext[count];
        for (int j = 0; j < count; j++) {
            out[j] = LweCiphertext.zeros(input.dimension());
            SampleExtraction.extractInto(ws.accumulator, ws.k, ws.n, j * chunk, out[j].data());
        }
        return out;
    }

    /** {@link #parBootstrapNew(FourierLweBootstrapKey, LweKeyswitchKey, ModulusSwitchKind, LweCiphertext[], LookupTable[], int)} on all cores. */
    public static LweCiphertext[] parBootstrapNew(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk,
            ModulusSwitchKind modulusSwitch, LweCiphertext[] inputs, LookupTable[] luts) {
        return parBootstrapNew(bsk, ksk, modulusSwitch, inputs, luts, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Bootstraps every input through {@code luts[i]} ({@code luts} of length 1 applies one table to
     * all) on {@code threads} threads, each with its own workspace; result i equals
     * {@link #bootstrapNew} of input i bit for bit.
     */
    public static LweCiphertext[] parBootstrapNew(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk,
            ModulusSwitchKind modulusSwitch, LweCiphertext[] inputs, LookupTable[] luts, int threads) {
        return parBootstrapNew(bsk, ksk, modulusSwitch, inputs, luts, TaskRunner.threads(threads));
    }

    /**
     * As {@link #parBootstrapNew(FourierLweBootstrapKey, LweKeyswitchKey, ModulusSwitchKind, LweCiphertext[],
     * LookupTable[], int)}, with the work split into {@code runner.parallelism()} tasks (each with its own
     * workspace, taking inputs from a shared counter) that {@code runner} runs.
     */
    public static LweCiphertext[] parBootstrapNew(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk,
            ModulusSwitchKind modulusSwitch, LweCiphertext[] inputs, LookupTable[] luts, TaskRunner runner) {
        if (luts.length != 1 && luts.length != inputs.length) {
            throw new IllegalArgumentException("Mismatched lookup tables. expected 1 or " + inputs.length
                    + " (one per input), found " + luts.length);
        }
        for (LweCiphertext in : inputs) {
            requireShapes(bsk, ksk, in);
        }
        LweCiphertext[] out = new LweCiphertext[inputs.length];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            BootstrapWorkspace ws = BootstrapWorkspace.forKey(bsk);
            for (int i = next.getAndIncrement(); i < inputs.length; i = next.getAndIncrement()) {
                LweCiphertext o = LweCiphertext.zeros(inputs[i].dimension());
                bootstrapInPlace(bsk, ksk, modulusSwitch, inputs[i], luts[luts.length == 1 ? 0 : i], o, ws);
                out[i] = o;
            }
        };
        int used = Math.min(runner.parallelism(), Math.max(1, inputs.length));
        if (used == 1) {
            worker.run();
        } else {
            runner.runAll(Collections.nCopies(used, worker));
        }
        return out;
    }

    private static void rotate(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk, ModulusSwitchKind modulusSwitch,
            LweCiphertext input, LookupTable lut, BootstrapWorkspace ws) {
        LweKeyswitch.keyswitch(ksk, input.data(), 0, ws.switched);
        ModulusSwitch.switchKeyTorusInPlace(ws.switched, ws.switched.length, bsk.polynomialSize().log2() + 1, modulusSwitch);
        BlindRotation.blindRotate(bsk, ws.switched, lut, ws);
    }

    private static void requireShapes(FourierLweBootstrapKey bsk, LweKeyswitchKey ksk, LweCiphertext input) {
        Checks.requireEqual("LweDimension", ksk.inputDimension(), "LweKeyswitchKey input", input.dimension(), "input LweCiphertext");
        Checks.requireEqual("LweDimension", bsk.inputLweDimension(), "FourierLweBootstrapKey input",
                ksk.outputDimension(), "LweKeyswitchKey output");
        Checks.requireEqual("LweDimension", bsk.polynomialSize().toLweDimension(bsk.glweDimension()),
                "FourierLweBootstrapKey output (k*N)", input.dimension(), "input LweCiphertext");
    }
}
