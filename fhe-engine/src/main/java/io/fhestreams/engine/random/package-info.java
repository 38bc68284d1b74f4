/**
 * Randomness: {@link io.fhestreams.engine.random.AesCtrGenerator} (AES-128-CTR, little-endian
 * counter from 0, as tfhe-csprng), {@link io.fhestreams.engine.random.MaskGenerator} (public mask
 * stream, regenerable from a {@link io.fhestreams.engine.random.Seed}), {@link
 * io.fhestreams.engine.random.NoiseGenerator} (secret noise and key bits) and {@link
 * io.fhestreams.engine.random.Seeder} (fresh seeds from {@code SecureRandom}). Encryption
 * algorithms take a mask generator and a noise generator as separate arguments.
 */
package io.fhestreams.engine.random;
