/**
 * The circuit IR: a typed DAG over encrypted integer tensors with value ranges inferred at build
 * time ({@link io.fhestreams.ml.circuit.CircuitBuilder}), and its binary codec.
 */
package io.fhestreams.ml.circuit;
