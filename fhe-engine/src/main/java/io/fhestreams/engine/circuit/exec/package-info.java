/**
 * The three executors of one circuit: clear (exact integers, the reference), simulated (clear plus errors
 * drawn from the noise model) and encrypted (the engine), sharing one interpreter over a
 * {@link io.fhestreams.engine.circuit.exec.Backend}.
 */
package io.fhestreams.engine.circuit.exec;
