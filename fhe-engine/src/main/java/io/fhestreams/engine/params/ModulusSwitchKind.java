package io.fhestreams.engine.params;

/**
 * How an LWE ciphertext is switched from modulus 2^64 to 2N before blind rotation (tfhe-rs {@code
 * ModulusSwitchType}; formulas in PARAMETERS.md section 2). tfhe-rs' third kind, {@code
 * DriftTechniqueNoiseReduction} (v1.0–v1.3 2^-128 sets), needs extra key material and is not
 * offered.
 */
public enum ModulusSwitchKind {
  /**
   * {@code ModulusSwitchType::Standard}: round every element to the nearest multiple of 2^64/2N
   * ({@code core_crypto/fft_impl/common.rs}).
   */
  STANDARD,
  /**
   * {@code ModulusSwitchType::CenteredMeanNoiseReduction} ({@code
   * core_crypto/algorithms/modulus_switch.rs}): the body is corrected by half the mask rounding
   * errors and shifted by half a grid step before rounding.
   */
  CENTERED_MEAN
}
