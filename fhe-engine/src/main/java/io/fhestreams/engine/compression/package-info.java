/**
 * Compressed forms of ciphertexts and keys. Seeded forms ({@code Seeded*}) keep one public 16-byte
 * seed of the AES-128-CTR mask generator plus the bodies; {@link
 * io.fhestreams.engine.compression.SeededCompression} encrypts, generates and regenerates them bit
 * for bit, in the mask order of PARAMETERS.md section 5. {@link
 * io.fhestreams.engine.compression.ModulusSwitchCompression} shrinks output ciphertexts to the
 * modulus 2^b the noise model allows. Wire formats are in {@code serialization}.
 */
package io.fhestreams.engine.compression;
