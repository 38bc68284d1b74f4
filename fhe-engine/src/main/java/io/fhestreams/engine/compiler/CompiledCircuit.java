package io.fhestreams.engine.compiler;

import io.fhestreams.engine.circuit.Circuit;
import io.fhestreams.engine.circuit.exec.NoiseProfile;
import io.fhestreams.engine.params.ParameterSet;

/**
 * A circuit with the parameter set it runs under, the noise the model predicts for each node (for the
 * simulator) and the compile report.
 */
public record CompiledCircuit(Circuit circuit, ParameterSet parameters, NoiseProfile noise, CompileReport report) {}
