package io.fhestreams.ml.deploy;

import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.ml.circuit.CircuitCodec;
import io.fhestreams.ml.circuit.UntrustedInput;
import io.fhestreams.ml.compiler.CoefficientEncoding;
import io.fhestreams.ml.compiler.CompileReport;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The client half of a compiled model: everything needed to turn features into circuit inputs and
 * circuit outputs into predictions, in the clear, and nothing secret. Serialized as a versioned,
 * checksummed blob of kind {@link BlobKind#CLIENT_ARTIFACT}.
 *
 * @param modelName the model's name
 * @param modelVersion the model's version
 * @param featureNames the input schema: one name per feature, in order
 * @param inputQuantizers one quantizer per feature
 * @param outputScales per output: y = scale · acc + offset
 * @param outputOffsets per output, see {@code outputScales}
 * @param postProcessing what the client applies to the de-quantized outputs
 * @param parameterSetId the parameter set the circuit was compiled for
 * @param report the compile report
 * @param layout how features and outputs map onto circuit inputs and outputs ({@link
 *     IoLayout#DIRECT} for one integer per feature and output)
 * @param packedOutputs whether the server packs outputs (then the client's evaluation keys carry
 *     the packing key)
 * @param coefficientEncoding the coefficient-encoded layout of a linear model's inputs and outputs
 *     (one GLWE ciphertext each way), or empty for one LWE ciphertext per input and output
 */
public record ClientArtifact(
    String modelName,
    String modelVersion,
    List<String> featureNames,
    List<UniformQuantizer> inputQuantizers,
    double[] outputScales,
    double[] outputOffsets,
    PostProcessing postProcessing,
    String parameterSetId,
    CompileReport report,
    IoLayout layout,
    boolean packedOutputs,
    Optional<CoefficientEncoding> coefficientEncoding) {
  /** Largest feature, output, class or column count accepted when reading: about 1 M. */
  static final int MAX_COUNT = 1 << 20;

  /** A feature's bytes when its name is empty: name length, scale, zero point, bits, sign. */
  private static final int FEATURE_MIN_BYTES = 2 + Double.BYTES + Long.BYTES + Integer.BYTES + 1;

  public ClientArtifact {
    if (layout == null) {
      throw new IllegalArgumentException("client artifact: the I/O layout is missing");
    }
    if (coefficientEncoding.isPresent() && packedOutputs) {
      throw new IllegalArgumentException(
          "client artifact: coefficient-encoded outputs are not packed by a key switch as well");
    }
    featureNames = List.copyOf(featureNames);
    inputQuantizers = List.copyOf(inputQuantizers);
    if (featureNames.size() != inputQuantizers.size()) {
      throw new IllegalArgumentException(
          "input schema: "
              + featureNames.size()
              + " feature names but "
              + inputQuantizers.size()
              + " quantizers");
    }
    if (outputScales.length != outputOffsets.length || outputScales.length == 0) {
      throw new IllegalArgumentException(
          "output decoding: "
              + outputScales.length
              + " scales and "
              + outputOffsets.length
              + " offsets");
    }
    outputScales = outputScales.clone();
    outputOffsets = outputOffsets.clone();
  }

  /** An artifact in the LWE layout: one LWE ciphertext per input, outputs packed or not. */
  public ClientArtifact(
      String modelName,
      String modelVersion,
      List<String> featureNames,
      List<UniformQuantizer> inputQuantizers,
      double[] outputScales,
      double[] outputOffsets,
      PostProcessing postProcessing,
      String parameterSetId,
      CompileReport report,
      IoLayout layout,
      boolean packedOutputs) {
    this(
        modelName,
        modelVersion,
        featureNames,
        inputQuantizers,
        outputScales,
        outputOffsets,
        postProcessing,
        parameterSetId,
        report,
        layout,
        packedOutputs,
        Optional.empty());
  }

  /** An artifact whose outputs travel unpacked, one LWE ciphertext each. */
  public ClientArtifact(
      String modelName,
      String modelVersion,
      List<String> featureNames,
      List<UniformQuantizer> inputQuantizers,
      double[] outputScales,
      double[] outputOffsets,
      PostProcessing postProcessing,
      String parameterSetId,
      CompileReport report,
      IoLayout layout) {
    this(
        modelName,
        modelVersion,
        featureNames,
        inputQuantizers,
        outputScales,
        outputOffsets,
        postProcessing,
        parameterSetId,
        report,
        layout,
        false);
  }

  /** A client artifact with the {@link IoLayout#DIRECT} layout. */
  public ClientArtifact(
      String modelName,
      String modelVersion,
      List<String> featureNames,
      List<UniformQuantizer> inputQuantizers,
      double[] outputScales,
      double[] outputOffsets,
      PostProcessing postProcessing,
      String parameterSetId,
      CompileReport report) {
    this(
        modelName,
        modelVersion,
        featureNames,
        inputQuantizers,
        outputScales,
        outputOffsets,
        postProcessing,
        parameterSetId,
        report,
        IoLayout.DIRECT);
  }

  /**
   * Quantizes one sample into the circuit's inputs (see {@link IoLayout}); the feature count must
   * match the schema.
   */
  public long[] quantize(double[] features) {
    if (features.length != inputQuantizers.size()) {
      throw new IllegalArgumentException(
          "model '"
              + modelName
              + "' expects "
              + inputQuantizers.size()
              + " features "
              + featureNames
              + ", found "
              + features.length);
    }
    long[] q = new long[features.length];
    for (int j = 0; j < q.length; j++) {
      q[j] = inputQuantizers.get(j).quantize(features[j]);
    }
    return layout.encodeInputs(q, levels());
  }

  private long[] levels() {
    return inputQuantizers.stream().mapToLong(q -> q.nBits().levels()).toArray();
  }

  /**
   * Number of circuit inputs one sample becomes: one per feature, its unary encoding or its digits
   * ({@link IoLayout}).
   */
  public int circuitInputs() {
    return Math.toIntExact(circuitInputCount());
  }

  private long circuitInputCount() {
    return layout.inputCount(levels());
  }

  /** De-quantizes the circuit's outputs and post-processes them. */
  public Prediction dequantize(long[] outputs) {
    if (outputs.length != outputScales.length) {
      throw new IllegalArgumentException(
          "model '"
              + modelName
              + "' has "
              + outputScales.length
              + " outputs, found "
              + outputs.length);
    }
    double[] y = new double[outputs.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = outputScales[i] * outputs[i] + outputOffsets[i];
    }
    return postProcessing.apply(layout.collect(y));
  }

  /** The blob. */
  public byte[] toBytes() {
    return ArtifactCodec.encode(
        BlobKind.CLIENT_ARTIFACT,
        parameterSetId,
        out -> {
          out.writeUTF(modelName);
          out.writeUTF(modelVersion);
          out.writeInt(featureNames.size());
          for (int j = 0; j < featureNames.size(); j++) {
            UniformQuantizer q = inputQuantizers.get(j);
            out.writeUTF(featureNames.get(j));
            out.writeDouble(q.scale());
            out.writeLong(q.zeroPoint());
            out.writeInt(q.nBits().value());
            out.writeBoolean(q.signed());
          }
          out.writeInt(outputScales.length);
          for (int i = 0; i < outputScales.length; i++) {
            out.writeDouble(outputScales[i]);
            out.writeDouble(outputOffsets[i]);
          }
          out.writeUTF(postProcessing.activation().name());
          long[] labels = postProcessing.classLabels();
          out.writeInt(labels.length);
          for (long l : labels) {
            out.writeLong(l);
          }
          report.write(out);
          layout.write(out);
          out.writeBoolean(packedOutputs);
          out.writeInt(coefficientEncoding.map(e -> e.polynomialSize().value()).orElse(0));
        });
  }

  /**
   * Reads a blob written by {@link #toBytes()}; refuses a wrong kind, length, checksum or layout.
   */
  public static ClientArtifact fromBytes(byte[] blob) throws IOException {
    String parameterSetId = ArtifactCodec.parameterSetId(blob);
    return ArtifactCodec.decode(
        blob, BlobKind.CLIENT_ARTIFACT, (in, layout) -> read(in, layout, parameterSetId));
  }

  private static ClientArtifact read(UntrustedInput in, int layoutVersion, String parameterSetId)
      throws IOException {
    try {
      String name = in.readUTF();
      String version = in.readUTF();
      int features = in.readCount("feature count", MAX_COUNT, FEATURE_MIN_BYTES);
      List<String> names = new ArrayList<>();
      List<UniformQuantizer> quantizers = new ArrayList<>();
      for (int j = 0; j < features; j++) {
        names.add(in.readUTF());
        quantizers.add(
            new UniformQuantizer(
                in.readDouble(), in.readLong(), new NBits(in.readInt()), in.readBoolean()));
      }
      int outputs = in.readCount("output count", MAX_COUNT, 2 * Double.BYTES);
      double[] scales = new double[outputs];
      double[] offsets = new double[outputs];
      for (int i = 0; i < outputs; i++) {
        scales[i] = in.readDouble();
        offsets[i] = in.readDouble();
      }
      Activation activation = Activation.valueOf(in.readUTF());
      long[] labels = in.readLongs("class labels", MAX_COUNT);
      CompileReport report = CompileReport.read(in, layoutVersion >= 4);
      IoLayout layout = IoLayout.read(in);
      boolean packed = layoutVersion >= 3 && in.readBoolean();
      int coefficientPolynomialSize = layoutVersion >= 4 ? in.readInt() : 0;
      if (!report.parameterSetId().equals(parameterSetId)) {
        throw new IOException(
            "client artifact: header names parameter set "
                + parameterSetId
                + " but the compile report names "
                + report.parameterSetId());
      }
      ClientArtifact artifact =
          new ClientArtifact(
              name,
              version,
              names,
              quantizers,
              scales,
              offsets,
              new PostProcessing(activation, labels),
              parameterSetId,
              report,
              layout,
              packed);
      UntrustedInput.checkAtMost(
          "circuit inputs of one sample", artifact.circuitInputCount(), CircuitCodec.MAX_ELEMENTS);
      if (coefficientPolynomialSize == 0) {
        return artifact;
      }
      // the only layout of this shape: N' the smallest power of two >= outputs x inputs
      CoefficientEncoding encoding =
          CoefficientEncoding.forShape(
              outputs, artifact.circuitInputs(), ParameterSets.byId(parameterSetId));
      if (encoding.polynomialSize().value() != coefficientPolynomialSize) {
        throw new IOException(
            "client artifact: coefficient-encoded layout of N'="
                + Integer.toUnsignedString(coefficientPolynomialSize)
                + ", but "
                + outputs
                + " outputs of "
                + artifact.circuitInputs()
                + " inputs are encoded in N'="
                + encoding.polynomialSize().value());
      }
      return new ClientArtifact(
          name,
          version,
          names,
          quantizers,
          scales,
          offsets,
          new PostProcessing(activation, labels),
          parameterSetId,
          report,
          layout,
          packed,
          Optional.of(encoding));
    } catch (IllegalArgumentException e) {
      throw new IOException("client artifact is inconsistent: " + e.getMessage(), e);
    }
  }

  /** Writes the blob to a file. */
  public void save(Path file) throws IOException {
    Files.write(file, toBytes());
  }

  /** Reads the blob from a file. */
  public static ClientArtifact load(Path file) throws IOException {
    try {
      return fromBytes(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public double[] outputScales() {
    return outputScales.clone();
  }

  @Override
  public double[] outputOffsets() {
    return outputOffsets.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientArtifact a
        && a.modelName.equals(modelName)
        && a.modelVersion.equals(modelVersion)
        && a.featureNames.equals(featureNames)
        && a.inputQuantizers.equals(inputQuantizers)
        && Arrays.equals(a.outputScales, outputScales)
        && Arrays.equals(a.outputOffsets, outputOffsets)
        && a.postProcessing.equals(postProcessing)
        && a.parameterSetId.equals(parameterSetId)
        && a.report.equals(report)
        && a.layout.equals(layout)
        && a.packedOutputs == packedOutputs
        && a.coefficientEncoding.equals(coefficientEncoding);
  }

  @Override
  public int hashCode() {
    return modelName.hashCode() * 31 + inputQuantizers.hashCode();
  }

  @Override
  public String toString() {
    return "ClientArtifact["
        + modelName
        + " v"
        + modelVersion
        + ", "
        + featureNames.size()
        + " features, "
        + outputScales.length
        + " outputs, "
        + postProcessing
        + ", "
        + parameterSetId
        + "]";
  }
}
