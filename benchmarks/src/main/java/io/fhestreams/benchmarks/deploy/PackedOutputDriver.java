package io.fhestreams.benchmarks.deploy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.ModulusSwitchedLweCiphertextList;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheModel;
import io.fhestreams.ml.models.FheModels;
import io.fhestreams.ml.models.ModelCompileOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Output size of one prediction before (one LWE ciphertext per output, switched to 2^b) and after
 * packing (GLWE ciphertexts, switched to 2^b) for every model given, compiled at the defaults, with
 * the evaluation keys' size with and without the packing key. With {@code --encrypt N}, also runs N
 * encrypted predictions per bootstrapping model through {@link FheServer#run} and {@link
 * FheClient#decrypt}, checks each against the clear circuit, and times the server's output step
 * (packing key switch + modulus switch against the modulus switch alone) on that model's output
 * count, median of 15 runs after 5 warm-up runs. For a coefficient-encoded linear model, {@code
 * --encrypt N} runs N test rows in both layouts (the compiled one, one GLWE ciphertext each way,
 * and the same artifacts in the LWE layout, one ciphertext per input and output), checks both
 * against the clear circuit, prints both layouts' input and output blob sizes, and times {@link
 * FheServer#run} per record in both, alternated in the same JVM.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.deploy.PackedOutputDriver \
 *     [--encrypt N] MODEL:DATASET_DIR/PREFIX ...
 * </pre>
 *
 * where {@code PREFIX_train.csv} and {@code PREFIX_test.csv} hold the calibration and test rows.
 */
public final class PackedOutputDriver {
  private PackedOutputDriver() {}

  public static void main(String[] args) throws Exception {
    int encrypt = 0;
    int first = 0;
    if (args.length >= 2 && args[0].equals("--encrypt")) {
      encrypt = Integer.parseInt(args[1]);
      first = 2;
    }
    System.out.println(
        "model | set | outputs | b | before B | after B | eval keys B (without → with packing)");
    for (String spec : Arrays.copyOfRange(args, first, args.length)) {
      String[] parts = spec.split(":", 2);
      Path modelPath = Path.of(parts[0]);
      double[][] train = Dataset.readCsv(Path.of(parts[1] + "_train.csv")).rows();
      double[][] test = Dataset.readCsv(Path.of(parts[1] + "_test.csv")).rows();
      FheModel model = FheModels.load(modelPath).compile(train, ModelCompileOptions.defaults());
      ModelArtifacts m = model.artifacts();
      ParameterSet p = m.server().parameters();
      int outputs = m.server().circuit().outputElements();
      CiphertextModulusLog b = m.server().outputModulusLog();
      long before = unpackedBytes(p, outputs, b);
      long after = model.report().outputBytesPerSample();
      String keys =
          p.supportsBootstrap()
              ? EvaluationKeyFormats.blobLength(p, true, false)
                  + " → "
                  + EvaluationKeyFormats.blobLength(p, true, true)
              : "0 (leveled)";
      System.out.printf(
          Locale.ROOT,
          "%s | %s | %d | %d | %d | %d | %s%n",
          modelPath.getFileName(),
          p.id(),
          outputs,
          b.value(),
          before,
          after,
          keys);
      if (encrypt > 0 && m.server().packedOutputs()) {
        runEncrypted(m, test, Math.min(encrypt, test.length));
      }
      if (encrypt > 0 && m.server().coefficientEncoding().isPresent()) {
        compareLayouts(m, test, Math.min(encrypt, test.length));
      }
    }
  }

  private static long unpackedBytes(ParameterSet p, int count, CiphertextModulusLog b) {
    long[] zeros = new long[count * p.bigLweDimension().toLweSize()];
    return CiphertextFormats.toBytes(
            new ModulusSwitchedLweCiphertextList(zeros, p.bigLweDimension(), b), p)
        .length;
  }

  private static void runEncrypted(ModelArtifacts m, double[][] test, int samples) {
    FheClient client = FheClient.generateKeys(m.client());
    FheServer server = FheServer.of(m.server());
    ParameterSet p = m.server().parameters();
    EvaluationKeys keys = FheServer.readEvaluationKeys(client.evaluationKeys(), p);
    int exact = 0;
    long outBytes = 0;
    for (int i = 0; i < samples; i++) {
      long[] q = m.client().quantize(test[i]);
      byte[] out = server.run(client.encrypt(q), keys);
      outBytes = out.length;
      boolean same = Arrays.equals(client.decrypt(out), server.runClear(q));
      exact += same ? 1 : 0;
      System.out.printf("  row %d: decrypted %s clear%n", i, same ? "==" : "!=");
    }
    System.out.printf(
        Locale.ROOT,
        "  encrypted: %d/%d rows decrypt to the clear circuit's outputs; output blob %d B (%s)%n",
        exact,
        samples,
        outBytes,
        BlobReader.readHeader(server.run(client.encrypt(m.client().quantize(test[0])), keys))
            .kind());
    timeOutputStep(keys.packingKeyswitchKey().orElseThrow(), p, m);
  }

  /**
   * A coefficient-encoded linear model against the same model in the LWE layout (artifacts without
   * the layout, same circuit and b: the LWE layout's noise is at most the coefficient-encoded
   * one's, so b suffices): encrypted == clear in both, blob sizes, server time per record
   * alternated.
   */
  private static void compareLayouts(ModelArtifacts m, double[][] test, int samples) {
    ClientArtifact c = m.client();
    ServerArtifact s = m.server();
    ModelArtifacts lwe =
        new ModelArtifacts(
            new ClientArtifact(
                c.modelName(),
                c.modelVersion(),
                c.featureNames(),
                c.inputQuantizers(),
                c.outputScales(),
                c.outputOffsets(),
                c.postProcessing(),
                c.parameterSetId(),
                c.report(),
                c.layout(),
                false),
            new ServerArtifact(
                s.modelName(),
                s.modelVersion(),
                s.parameters(),
                s.circuit(),
                s.noise(),
                s.outputModulusLog(),
                false));
    FheClient glweClient = FheClient.generateKeys(c);
    FheClient lweClient = FheClient.withKey(lwe.client(), glweClient.clientKey());
    FheServer glweServer = FheServer.of(s);
    FheServer lweServer = FheServer.of(lwe.server());
    EvaluationKeys keys = FheServer.readEvaluationKeys(glweClient.evaluationKeys(), s.parameters());
    int exact = 0;
    byte[][] glweIn = new byte[samples][];
    byte[][] lweIn = new byte[samples][];
    byte[] glweOut = null;
    byte[] lweOut = null;
    for (int i = 0; i < samples; i++) {
      long[] q = c.quantize(test[i]);
      glweIn[i] = glweClient.encrypt(q);
      lweIn[i] = lweClient.encrypt(q);
      glweOut = glweServer.run(glweIn[i], keys);
      lweOut = lweServer.run(lweIn[i], keys);
      long[] clear = glweServer.runClear(q);
      boolean same =
          Arrays.equals(glweClient.decrypt(glweOut), clear)
              && Arrays.equals(lweClient.decrypt(lweOut), clear);
      exact += same ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "  %s: %d/%d rows decrypt to the clear outputs in both layouts; input %d B (LWE) → %d B"
            + " (GLWE), output %d B (LWE) → %d B (GLWE, report %d B)%n",
        s.coefficientEncoding().orElseThrow(),
        exact,
        samples,
        lweIn[0].length,
        glweIn[0].length,
        lweOut.length,
        glweOut.length,
        c.report().outputBytesPerSample());
    double[] lweMillis = new double[LAYOUT_ROUNDS];
    double[] glweMillis = new double[LAYOUT_ROUNDS];
    for (int round = -LAYOUT_WARMUP_ROUNDS; round < LAYOUT_ROUNDS; round++) {
      double l = millisPerRecord(lweServer, lweIn, keys);
      double g = millisPerRecord(glweServer, glweIn, keys);
      if (round >= 0) {
        lweMillis[round] = l;
        glweMillis[round] = g;
      }
    }
    Arrays.sort(lweMillis);
    Arrays.sort(glweMillis);
    System.out.printf(
        Locale.ROOT,
        "  server run per record: LWE %.3f ms, GLWE %.3f ms (medians of %d alternated rounds of"
            + " %d records, one thread)%n",
        lweMillis[LAYOUT_ROUNDS / 2],
        glweMillis[LAYOUT_ROUNDS / 2],
        LAYOUT_ROUNDS,
        RECORDS_PER_ROUND);
  }

  private static final int LAYOUT_WARMUP_ROUNDS = 10;
  private static final int LAYOUT_ROUNDS = 21;
  private static final int RECORDS_PER_ROUND = 200;

  private static double millisPerRecord(FheServer server, byte[][] inputs, EvaluationKeys keys) {
    long t0 = System.nanoTime();
    long bytes = 0;
    for (int r = 0; r < RECORDS_PER_ROUND; r++) {
      bytes += server.run(inputs[r % inputs.length], keys).length;
    }
    double millis = (System.nanoTime() - t0) / 1e6 / RECORDS_PER_ROUND;
    return bytes > 0 ? millis : Double.NaN;
  }

  /** The server's last step on a list of this model's output count (values do not matter). */
  private static void timeOutputStep(LwePackingKeyswitchKey key, ParameterSet p, ModelArtifacts m) {
    int count = m.server().circuit().outputElements();
    CiphertextModulusLog b = m.server().outputModulusLog();
    long[] data =
        new SplittableRandom(1).longs((long) count * p.bigLweDimension().toLweSize()).toArray();
    LweCiphertextList list =
        new LweCiphertextList(data, p.bigLweDimension(), new CiphertextCount(count));
    double packed =
        medianMillis(
            () ->
                CiphertextFormats.toBytes(
                    GlwePackingCompression.packAndCompressNew(key, list, b), p));
    double plain =
        medianMillis(
            () -> CiphertextFormats.toBytes(ModulusSwitchCompression.compressNew(list, b), p));
    System.out.printf(
        Locale.ROOT,
        "  output step for %d outputs: packed %.2f ms, unpacked %.2f ms (median of 15, one thread)%n",
        count,
        packed,
        plain);
  }

  private static double medianMillis(Runnable step) {
    for (int i = 0; i < 5; i++) {
      step.run();
    }
    double[] t = new double[15];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      step.run();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return t[t.length / 2];
  }
}
