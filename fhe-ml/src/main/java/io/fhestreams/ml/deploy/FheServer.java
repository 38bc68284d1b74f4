package io.fhestreams.ml.deploy;

import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededGlweCiphertext;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.BlobFormatException;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.exec.ClearExecutor;
import io.fhestreams.ml.circuit.exec.EncryptedExecutor;
import io.fhestreams.ml.circuit.exec.SimulatedExecutor;
import io.fhestreams.ml.compiler.CircuitCost;
import io.fhestreams.ml.compiler.CoefficientEncoding;
import io.fhestreams.ml.compiler.CoefficientProduct;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The server role of a compiled model (Concrete ML's {@code FHEModelServer}): evaluates the circuit
 * on a client's encrypted inputs with that client's evaluation keys. It never sees a secret key or
 * a clear value. Also runs the circuit in the clear or simulated, for {@code predict} in those
 * modes. Thread-safe: it holds only the immutable artifact.
 */
public final class FheServer {
  /** Each thread's input ciphertexts of its last record ({@link #inputScratch}). */
  private static final ThreadLocal<LweCiphertext[]> INPUT_SCRATCH = new ThreadLocal<>();

  /** The largest input kept per thread: 8 MiB (a 30-feature linear record is 0.5 MiB). */
  private static final long SCRATCH_LIMIT_LONGS = 1L << 20;

  private final ServerArtifact artifact;

  /** The matrix and offsets of a coefficient-encoded model as the product needs them, or null. */
  private final CoefficientProduct coefficientProduct;

  /** The circuit's cost, counted on first use (a walk over the circuit; racing threads agree). */
  private volatile CircuitCost cost;

  private FheServer(ServerArtifact artifact) {
    this.artifact = artifact;
    this.coefficientProduct =
        artifact
            .coefficientEncoding()
            .map(
                e ->
                    CoefficientProduct.of(
                        CoefficientEncoding.linearPart(artifact.circuit()).orElseThrow(),
                        e,
                        artifact.parameters()))
            .orElse(null);
  }

  /** A server for {@code artifact}. */
  public static FheServer of(ServerArtifact artifact) {
    return new FheServer(artifact);
  }

  /** The server half of the model. */
  public ServerArtifact artifact() {
    return artifact;
  }

  /**
   * Evaluates one sample: {@code inputs} is the client's seeded ciphertext list blob, {@code
   * evaluationKeys} its evaluation-key blob; returns the output ciphertext list, switched to the
   * compiled output modulus: packed into GLWE ciphertexts ({@link
   * BlobKind#MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST}) when the artifact packs outputs and the keys
   * carry the packing key, else one LWE ciphertext per output ({@link
   * BlobKind#MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST}, also what clients whose keys predate packing
   * get). A coefficient-encoded model ({@link ServerArtifact#coefficientEncoding()}) reads one
   * seeded GLWE ciphertext and answers one GLWE ciphertext ({@link BlobKind#SEEDED_GLWE_CIPHERTEXT}
   * in, {@link BlobKind#MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST} out). Blobs of the wrong kind,
   * parameter set, shape, count, length or checksum are refused with the reason.
   */
  public byte[] run(byte[] inputs, byte[] evaluationKeys) {
    return run(inputs, readEvaluationKeys(evaluationKeys, artifact.parameters()));
  }

  /**
   * As {@link #run(byte[], byte[])} with keys already read by {@link #readEvaluationKeys}: a server
   * reads a client's keys once (decompression and the Fourier transform of the bootstrapping key
   * take seconds) and keeps them in its cache.
   */
  public byte[] run(byte[] inputs, EvaluationKeys keys) {
    return run(inputs, keys, TaskRunner.threads(Runtime.getRuntime().availableProcessors()));
  }

  /**
   * As {@link #run(byte[], EvaluationKeys)}, the independent bootstraps of each circuit node run by
   * {@code runner} (e.g. a pool shared by all requests of a server); {@link #bootstrapsPerSample()}
   * are done.
   */
  public byte[] run(byte[] inputs, EvaluationKeys keys, TaskRunner runner) {
    if (coefficientProduct != null) {
      return runCoefficientEncoded(inputs, keys);
    }
    ParameterSet p = artifact.parameters();
    Circuit circuit = artifact.circuit();
    LweCiphertext[] list = inputScratch(p.bigLweDimension(), circuit.inputElements());
    SeededCompression.decompressInto(
        CiphertextFormats.readSeededLweCiphertextList(inputs, p, circuit.inputElements()), list);
    List<LweCiphertext[]> in = new ArrayList<>();
    int next = 0;
    for (Node input : circuit.inputs()) {
      LweCiphertext[] cts = new LweCiphertext[input.size()];
      for (int i = 0; i < cts.length; i++) {
        cts[i] = list[next++];
      }
      in.add(cts);
    }
    List<LweCiphertext[]> out = evaluate(in, keys, runner);
    int dim = p.bigLweDimension().value() + 1;
    long[] data = new long[circuit.outputElements() * dim];
    int k = 0;
    for (LweCiphertext[] cts : out) {
      for (LweCiphertext ct : cts) {
        System.arraycopy(ct.data(), 0, data, k * dim, dim);
        k++;
      }
    }
    LweCiphertextList outputs =
        new LweCiphertextList(data, p.bigLweDimension(), new CiphertextCount(k));
    Optional<LwePackingKeyswitchKey> packingKey = keys.packingKeyswitchKey();
    if (artifact.packedOutputs() && packingKey.isPresent()) {
      return CiphertextFormats.toBytes(
          GlwePackingCompression.packAndCompressNew(
              packingKey.get(), outputs, artifact.outputModulusLog()),
          p);
    }
    return CiphertextFormats.toBytes(
        ModulusSwitchCompression.compressNew(outputs, artifact.outputModulusLog()), p);
  }

  /**
   * One GLWE ciphertext of the inputs times the matrix polynomial, the offsets added to the m
   * output slots, switched to 2^b: its mask and the m slots travel.
   */
  private byte[] runCoefficientEncoded(byte[] inputs, EvaluationKeys keys) {
    requireKeysOfTheModel(keys);
    ParameterSet p = artifact.parameters();
    return coefficientProduct.answer(
        readCoefficientInputs(inputs, p, coefficientProduct.encoding()),
        p,
        artifact.outputModulusLog());
  }

  /**
   * The seeded GLWE input of the model's shape. A client of another parameter set sends another
   * kind (every other set's inputs are LWE lists): it is told the set, as the LWE layout's reader,
   * which checks the set after the kind it shares, tells it.
   */
  private static SeededGlweCiphertext readCoefficientInputs(
      byte[] inputs, ParameterSet p, CoefficientEncoding e) {
    try {
      return CiphertextFormats.readSeededGlweCiphertext(
          inputs,
          p,
          e.glweDimension(),
          e.polynomialSize(),
          CoefficientEncoding.inputBodyModulusLog(p));
    } catch (BlobFormatException refused) {
      if (refused.reason() == BlobFormatException.Reason.KIND) {
        BlobHeader h = BlobReader.readHeader(inputs);
        if (!h.parameterSetId().equals(p.id())) {
          throw new BlobFormatException(
              BlobFormatException.Reason.PARAMETER_SET,
              "expected parameter set '"
                  + p.id()
                  + "', found '"
                  + h.parameterSetId()
                  + "' (kind "
                  + h.kind()
                  + ")",
              refused);
        }
      }
      throw refused;
    }
  }

  /**
   * The calling thread's input ciphertexts for a record of {@code count} of dimension {@code
   * dimension}, reused from its previous record when the shape is the same and small enough to
   * keep. {@link #run} overwrites every element and drops every reference to them before it returns
   * (the outputs are copied out), so no two records share them. A linear record's inputs are half a
   * megabyte: allocated per request they were most of the allocation of a cheap record, and on a
   * JVM whose heap is still growing its page faults took the stream thread from 0.2 to 1.5-2 ms of
   * CPU per record.
   */
  private static LweCiphertext[] inputScratch(LweDimension dimension, int count) {
    LweCiphertext[] kept = INPUT_SCRATCH.get();
    if (kept != null
        && kept.length == count
        && count > 0
        && kept[0].dimension().value() == dimension.value()) {
      return kept;
    }
    LweCiphertext[] fresh = new LweCiphertext[count];
    for (int i = 0; i < count; i++) {
      fresh[i] = LweCiphertext.zeros(dimension);
    }
    if ((long) count * dimension.toLweSize() <= SCRATCH_LIMIT_LONGS) {
      INPUT_SCRATCH.set(fresh);
    }
    return fresh;
  }

  /**
   * Evaluates on engine ciphertexts, one array per input node (in-process use, e.g. with
   * bootstrapping keys).
   */
  public List<LweCiphertext[]> evaluate(List<LweCiphertext[]> inputs, EvaluationKeys keys) {
    return evaluate(inputs, keys, TaskRunner.threads(Runtime.getRuntime().availableProcessors()));
  }

  /**
   * As {@link #evaluate(List, EvaluationKeys)}, the bootstraps of each node run by {@code runner}.
   */
  public List<LweCiphertext[]> evaluate(
      List<LweCiphertext[]> inputs, EvaluationKeys keys, TaskRunner runner) {
    requireKeysOfTheModel(keys);
    return new EncryptedExecutor(keys, runner).run(artifact.circuit(), inputs);
  }

  private void requireKeysOfTheModel(EvaluationKeys keys) {
    if (!keys.parameters().id().equals(artifact.parameters().id())) {
      throw new IllegalArgumentException(
          "evaluation keys are for parameter set "
              + keys.parameters().id()
              + ", model '"
              + artifact.modelName()
              + "' was compiled for "
              + artifact.parameters().id());
    }
  }

  /**
   * What one sample costs the server, counted from the circuit under the artifact's parameter set;
   * computed once per server.
   */
  public CircuitCost cost() {
    CircuitCost c = cost;
    if (c == null) {
      c = CircuitCost.of(artifact.circuit(), artifact.parameters());
      cost = c;
    }
    return c;
  }

  /** Programmable bootstraps one sample costs (0 for a leveled model). */
  public long bootstrapsPerSample() {
    return artifact.circuit().bootstrapCount();
  }

  /** The circuit on clear integers (single input node). */
  public long[] runClear(long[] quantized) {
    return flatten(ClearExecutor.evaluate(artifact.circuit(), List.of(quantized)));
  }

  /** The circuit on clear integers with simulated errors (single input node). */
  public long[] runSimulated(long[] quantized, SplittableRandom random) {
    return flatten(
        new SimulatedExecutor(artifact.noise(), random)
            .run(artifact.circuit(), List.of(quantized)));
  }

  private static long[] flatten(List<long[]> outputs) {
    return outputs.stream().flatMapToLong(java.util.Arrays::stream).toArray();
  }

  /**
   * Reads a client's evaluation-key blob for parameter set {@code p}: the seeded or plain key blob
   * of {@link EvaluationKeyFormats} for a bootstrapping set, an {@link BlobKind#EVALUATION_KEYS}
   * blob holding a client's 32-byte identity for a leveled one. A blob of another kind, set, length
   * or checksum is refused with the reason.
   */
  public static EvaluationKeys readEvaluationKeys(byte[] blob, ParameterSet p) {
    return EvaluationKeyFormats.readEvaluationKeys(blob, p);
  }
}
