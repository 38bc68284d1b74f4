/**
 * The noise model: variances of each TFHE operation ({@link
 * io.fhestreams.engine.noise.NoiseFormulas}, tfhe-rs noise formulas / Bergerat et al. eprint
 * 2022/704), failure probabilities from them ({@link
 * io.fhestreams.engine.noise.FailureProbability}), and the per-parameter-set view the compiler uses
 * ({@link io.fhestreams.engine.noise.NoiseModel#beforeBootstrap(double)}).
 */
package io.fhestreams.engine.noise;
