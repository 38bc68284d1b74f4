/**
 * The three executors of one circuit: clear (exact integers, the reference), simulated (clear plus
 * errors drawn from the noise model) and encrypted (the engine), sharing one interpreter over a
 * {@link io.fhestreams.ml.circuit.exec.Backend}.
 */
package io.fhestreams.ml.circuit.exec;
