package io.fhestreams.ml.compiler;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.exec.NoiseProfile;
import java.util.Optional;

/**
 * A circuit with the parameter set it runs under, the noise the model predicts for each node (for
 * the simulator), the modulus 2^b its outputs are switched to before they travel, whether they are
 * packed into GLWE ciphertexts first, the compile report, and the coefficient-encoded layout of a
 * linear circuit that has one (empty: one LWE ciphertext per input and output).
 */
public record CompiledCircuit(
    Circuit circuit,
    ParameterSet parameters,
    NoiseProfile noise,
    CiphertextModulusLog outputModulusLog,
    CompileReport report,
    boolean packedOutputs,
    Optional<CoefficientEncoding> coefficientEncoding) {}
