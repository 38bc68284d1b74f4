/**
 * fhe-engine: a pure-Java TFHE (torus fully homomorphic encryption) with programmable
 * bootstrapping.
 *
 * <p>Layers, bottom to top (as tfhe-rs {@code core_crypto}: data apart from the algorithms on it):
 *
 * <ul>
 *   <li>{@link io.fhestreams.engine.params} — typed sizes and logs (records that validate
 *       themselves), noise distributions and the published {@link
 *       io.fhestreams.engine.params.ParameterSet}s ({@link
 *       io.fhestreams.engine.params.ParameterSets}), each citing its tfhe-rs source and failure
 *       probability.
 *   <li>{@link io.fhestreams.engine.math} — the torus ({@code long}, arithmetic mod 2^64 by
 *       wrap-around), signed gadget decomposition, exact polynomial products mod X^N+1 and the
 *       negacyclic FFT in {@code double}.
 *   <li>{@link io.fhestreams.engine.random} — AES-128-CTR generator compatible with tfhe-csprng,
 *       separate mask and noise streams, TUniform/Gaussian samplers, binary key sampling.
 *   <li>{@link io.fhestreams.engine.entities} — ciphertexts, keys, lookup tables: flat {@code
 *       long[]}/{@code double[]} plus shape, length-checked, no crypto.
 *   <li>{@link io.fhestreams.engine.algorithms} — one final class per operation, stateless static
 *       methods: encryption, leveled operations, key switching, external product, CMUX, blind
 *       rotation, sample extraction, modulus switching, programmable bootstrapping (single,
 *       many-LUT, parallel batch).
 *   <li>{@link io.fhestreams.engine.keys} — key roles ({@code ClientKey} secret, {@code
 *       EvaluationKeys} for servers) and the small integer facade ({@code Evaluator}) that the
 *       model compiler and the streams processor call.
 * </ul>
 *
 * <p>Sources: Chillotti, Gama, Georgieva, Izabachène, "TFHE: Fast Fully Homomorphic Encryption over
 * the Torus", J. Cryptology 2020; Chillotti, Ligier, Orfila, Tap, "Programmable Bootstrapping
 * Enables Efficient Homomorphic Inference of Deep Neural Networks", CSCML 2021; zama-ai/tfhe-rs
 * (parameter sets, encodings, algorithm choices) — facts cited where used, code written here.
 */
package io.fhestreams.engine;
