/**
 * The operations, one final class each, stateless static methods named verb+object ({@code …New}
 * allocates, {@code …InPlace} mutates, {@code par…} is parallel). Preconditions are checked first
 * and failures name both sides.
 *
 * <ul>
 *   <li>Encryption: {@link io.fhestreams.engine.algorithms.LweEncryption}, {@link
 *       io.fhestreams.engine.algorithms.GlweEncryption}, {@link
 *       io.fhestreams.engine.algorithms.GgswEncryption}.
 *   <li>Leveled: {@link io.fhestreams.engine.algorithms.LweLinearAlgebra} (add, sub, negate,
 *       multiply by a clear integer, add a plaintext, dot product).
 *   <li>Keys: {@link io.fhestreams.engine.algorithms.LweKeyswitchKeyGeneration}, {@link
 *       io.fhestreams.engine.algorithms.LweBootstrapKeyGeneration}.
 *   <li>Bootstrapping pieces: {@link io.fhestreams.engine.algorithms.LweKeyswitch}, {@link
 *       io.fhestreams.engine.algorithms.ModulusSwitch}, {@link
 *       io.fhestreams.engine.algorithms.ExternalProduct}, {@link
 *       io.fhestreams.engine.algorithms.Cmux}, {@link
 *       io.fhestreams.engine.algorithms.BlindRotation}, {@link
 *       io.fhestreams.engine.algorithms.SampleExtraction}, {@link
 *       io.fhestreams.engine.algorithms.LookupTables}.
 *   <li>{@link io.fhestreams.engine.algorithms.ProgrammableBootstrap}: KS-PBS, many-LUT and the
 *       parallel batch, with per-thread {@link io.fhestreams.engine.algorithms.BootstrapWorkspace}.
 * </ul>
 */
package io.fhestreams.engine.algorithms;
