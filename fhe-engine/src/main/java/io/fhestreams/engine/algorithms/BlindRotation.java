package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.math.Polynomials;

/**
 * Blind rotation (tfhe-rs {@code fft_impl/fft64/crypto/bootstrap.rs}): ACC ← LUT·X^(-b̃), then for
 * each i with ã_i ≠ 0, ACC ← ACC + BSK_i ⊡ (X^(ã_i)·ACC - ACC) (a CMUX on bit s_i). The result
 * encrypts LUT·X^(-φ̃) where φ̃ = b̃ - Σ ã_i s_i is the modulus-switched phase, so its constant
 * coefficient is LUT[φ̃] (negated for φ̃ >= N).
 */
public final class BlindRotation {
    private BlindRotation() {
    }

    /**
     * Blind-rotates {@code lut} by the modulus-switched ciphertext {@code switched} (n + 1 values in
     * [0, 2N), body last) into a new GLWE ciphertext.
     */
    public static GlweCiphertext blindRotateNew(FourierLweBootstrapKey bsk, int[] switched, LookupTable lut) {
        if (switched.length != bsk.inputLweDimension().toLweSize()) {
            throw new IllegalArgumentException("Mismatched LweDimension. FourierLweBootstrapKey input: "
                    + bsk.inputLweDimension().value() + ", switched ciphertext: " + (switched.length - 1));
        }
        BootstrapWorkspace ws = BootstrapWorkspace.forKey(bsk);
        blindRotate(bsk, switched, lut, ws);
        return new GlweCiphertext(ws.accumulator.clone(), bsk.glweDimension(), bsk.polynomialSize());
    }

    /** Runs the blind rotation into {@code ws.accumulator}; allocation-free. */
    static void blindRotate(FourierLweBootstrapKey bsk, int[] switched, LookupTable lut, BootstrapWorkspace ws) {
        Checks.requireEqual("PolynomialSize", bsk.polynomialSize(), "FourierLweBootstrapKey", lut.polynomialSize(), "LookupTable");
        Checks.requireEqual("GlweDimension", bsk.glweDimension(), "FourierLweBootstrapKey", lut.glweDimension(), "LookupTable");
        ws.requireShape(bsk.glweDimension(), bsk.polynomialSize());
        int n = ws.n;
        int k = ws.k;
        int dim = bsk.inputLweDimension().value();
        long[] acc = ws.accumulator;
        java.util.Arrays.fill(acc, 0, k * n, 0L);
        int body = switched[dim];
        Polynomials.multiplyByMonomial(acc, k * n, lut.body(), 0, n, body == 0 ? 0 : 2 * n - body);
        double[] key = bsk.data();
        int ggswSize = bsk.ggswSize();
        int baseLog = bsk.baseLog().value();
        int levels = bsk.levelCount().value();
        for (int i = 0; i < dim; i++) {
            int a = switched[i];
            if (a == 0) {
                continue;
            }
            // ACC += BSK_i ⊡ (X^a·ACC - ACC): the difference is decomposed on the fly, then ACC is updated.
            ExternalProduct.addExternalProduct(key, i * ggswSize, baseLog, levels, acc, a, acc, ws);
        }
    }
}
