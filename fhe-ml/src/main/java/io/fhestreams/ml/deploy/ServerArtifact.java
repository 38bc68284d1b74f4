package io.fhestreams.ml.deploy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitCodec;
import io.fhestreams.ml.circuit.exec.NoiseProfile;
import io.fhestreams.ml.compiler.CoefficientEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The server half of a compiled model: the circuit, the parameter set it runs under, the noise the
 * compiler predicted per node (used by simulation) and the modulus 2^b outputs are switched to.
 * Serialized as a versioned, checksummed blob of kind {@link BlobKind#SERVER_ARTIFACT}.
 *
 * @param modelName the model's name
 * @param modelVersion the model's version
 * @param parameters the parameter set
 * @param circuit the integer circuit
 * @param noise σ per node, in message steps
 * @param outputModulusLog b: output ciphertexts travel switched to modulus 2^b
 * @param packedOutputs whether the server packs the outputs into GLWE ciphertexts before the switch
 *     (when the client's evaluation keys carry the packing key; b covers the packing noise)
 * @param coefficientEncoding the coefficient-encoded layout of a linear circuit (one GLWE
 *     ciphertext in and out; b covers its noise), or empty for one LWE ciphertext per input and
 *     output
 */
public record ServerArtifact(
    String modelName,
    String modelVersion,
    ParameterSet parameters,
    Circuit circuit,
    NoiseProfile noise,
    CiphertextModulusLog outputModulusLog,
    boolean packedOutputs,
    Optional<CoefficientEncoding> coefficientEncoding) {

  /** An artifact in the LWE layout, outputs packed or not. */
  public ServerArtifact(
      String modelName,
      String modelVersion,
      ParameterSet parameters,
      Circuit circuit,
      NoiseProfile noise,
      CiphertextModulusLog outputModulusLog,
      boolean packedOutputs) {
    this(
        modelName,
        modelVersion,
        parameters,
        circuit,
        noise,
        outputModulusLog,
        packedOutputs,
        Optional.empty());
  }

  /** An artifact whose outputs travel unpacked, one LWE ciphertext each. */
  public ServerArtifact(
      String modelName,
      String modelVersion,
      ParameterSet parameters,
      Circuit circuit,
      NoiseProfile noise,
      CiphertextModulusLog outputModulusLog) {
    this(modelName, modelVersion, parameters, circuit, noise, outputModulusLog, false);
  }

  public ServerArtifact {
    if (noise.sigmas().length != circuit.nodes().size()) {
      throw new IllegalArgumentException(
          "noise profile covers "
              + noise.sigmas().length
              + " nodes, circuit has "
              + circuit.nodes().size());
    }
    if (coefficientEncoding.isPresent()) {
      if (packedOutputs) {
        throw new IllegalArgumentException(
            "coefficient-encoded outputs are not packed by a key switch as well");
      }
      CoefficientEncoding own =
          CoefficientEncoding.of(
              circuit, parameters, coefficientEncoding.get().polynomialSize().value());
      if (!own.equals(coefficientEncoding.get())) {
        throw new IllegalArgumentException(
            "coefficient-encoded layout " + coefficientEncoding.get() + ", expected " + own);
      }
    }
  }

  /** The blob. */
  public byte[] toBytes() {
    return ArtifactCodec.encode(
        BlobKind.SERVER_ARTIFACT,
        parameters.id(),
        out -> {
          out.writeUTF(modelName);
          out.writeUTF(modelVersion);
          CircuitCodec.write(circuit, out);
          double[] sigmas = noise.sigmas();
          for (double s : sigmas) {
            out.writeDouble(s);
          }
          out.writeInt(outputModulusLog.value());
          out.writeBoolean(packedOutputs);
          out.writeInt(coefficientEncoding.map(e -> e.polynomialSize().value()).orElse(0));
        });
  }

  /**
   * Reads a blob written by {@link #toBytes()}; refuses a wrong kind, length, checksum or layout.
   */
  public static ServerArtifact fromBytes(byte[] blob) throws IOException {
    ParameterSet parameters;
    try {
      parameters = ParameterSets.byId(ArtifactCodec.parameterSetId(blob));
    } catch (IllegalArgumentException e) {
      throw new IOException("server artifact: " + e.getMessage(), e);
    }
    return ArtifactCodec.decode(
        blob,
        BlobKind.SERVER_ARTIFACT,
        (in, layout) -> {
          String name = in.readUTF();
          String version = in.readUTF();
          Circuit circuit = CircuitCodec.read(in);
          double[] sigmas = in.readDoublesOfCount("noise profile", circuit.nodes().size());
          int modulusLog = in.readInt();
          boolean packed = layout >= 3 && in.readBoolean();
          int coefficientPolynomialSize = layout >= 4 ? in.readInt() : 0;
          try {
            return new ServerArtifact(
                name,
                version,
                parameters,
                circuit,
                new NoiseProfile(sigmas),
                new CiphertextModulusLog(modulusLog),
                packed,
                coefficientPolynomialSize == 0
                    ? Optional.empty()
                    : Optional.of(
                        CoefficientEncoding.of(circuit, parameters, coefficientPolynomialSize)));
          } catch (IllegalArgumentException e) {
            throw new IOException("server artifact is inconsistent: " + e.getMessage(), e);
          }
        });
  }

  /** Writes the blob to a file. */
  public void save(Path file) throws IOException {
    Files.write(file, toBytes());
  }

  /** Reads the blob from a file. */
  public static ServerArtifact load(Path file) throws IOException {
    try {
      return fromBytes(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
