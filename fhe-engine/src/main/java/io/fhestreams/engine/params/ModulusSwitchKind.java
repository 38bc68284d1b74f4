package io.fhestreams.engine.params;

/**
 * How an LWE ciphertext is switched from modulus 2^64 to 2N before blind rotation
 * (tfhe-rs {@code ModulusSwitchType}; formulas in PARAMETERS.md section 2).
 */
public enum ModulusSwitchKind {
    /** Round every element to the nearest multiple of 2^64/2N ({@code core_crypto/fft_impl/common.rs}). */
    STANDARD,
    /**
     * Centered-mean noise reduction ({@code core_crypto/algorithms/modulus_switch.rs}): the body is
     * corrected by half the mask rounding errors and shifted by half a grid step before rounding.
     */
    CENTERED_MEAN
}
