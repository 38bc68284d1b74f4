package io.fhestreams.benchmarks.deploy;

import io.fhestreams.engine.algorithms.LwePackingKeyswitchKeyGeneration;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.ModulusSwitchedGlweCiphertextList;
import io.fhestreams.engine.compression.ModulusSwitchedLweCiphertextList;
import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.compression.SeededLwePackingKeyswitchKey;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seeder;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
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
 * count, median of 15 runs after 5 warm-up runs.
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
      if (!p.supportsBootstrap() && outputs > 1) {
        leveledPackingWhatIf(m);
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
   * What packing a leveled model's outputs would take (it is not done: see RESULTS.md): under the
   * big key read as a GLWE key (k·N = 2048, as a separate 2048-dimensional key would be), the
   * fewest levels that keep the packing noise of this output count 2^6 below Δ/2, b from the noise
   * model with the outputs' compiled σ; the packed size, the key's sizes and the output step's time
   * with such a key.
   */
  private static void leveledPackingWhatIf(ModelArtifacts m) {
    ParameterSet p = m.server().parameters();
    int count = m.server().circuit().outputElements();
    PackingKeyswitchParameters shape =
        PackingKeyswitchParameters.withLevels(
            p,
            PackingKeyswitchParameters.OutputKey.BIG_KEY,
            PackingKeyswitchParameters.levelsFor(
                p, PackingKeyswitchParameters.OutputKey.BIG_KEY, count));
    double delta = Math.scalb((double) p.delta(), -64);
    // the compiled σ includes the rounding of the unpacked switch to its b: take it out
    double unpackedRounding =
        ModulusSwitchCompression.roundingVariance(
            p.bigLweDimension(), m.server().outputModulusLog());
    double outputVariance = 0;
    for (Node out : m.server().circuit().outputs()) {
      double sigma = m.server().noise().sigmas()[out.id()] * delta;
      outputVariance = Math.max(outputVariance, sigma * sigma - unpackedRounding);
    }
    CiphertextModulusLog b =
        ModulusSwitchCompression.modulusLogFor(
            p,
            shape.packedMaskDimension(),
            outputVariance + shape.variance(count),
            ModulusSwitchCompression.DEFAULT_LOG2_PFAIL - 1 - Math.log(count) / Math.log(2));
    long packedBytes =
        (Math.toIntExact(
                        ModulusSwitchedGlweCiphertextList.valueCount(
                            shape.glweDimension(), shape.polynomialSize(), count))
                    * (long) b.value()
                + 7)
            / 8;
    long rows = (long) shape.inputDimension().value() * shape.levelCount().value();
    LweSecretKey big =
        ClientKey.generate(p).glweSecretKey(InsecureSecretKeyAccess.get()).asLweSecretKey();
    LwePackingKeyswitchKey key =
        LwePackingKeyswitchKeyGeneration.generateNew(
            big,
            GlwePackingCompression.packingKey(big, shape),
            shape.baseLog(),
            shape.levelCount(),
            shape.noise(),
            MaskGenerator.fromSeed(Seeder.freshSeed()),
            NoiseGenerator.fresh());
    System.out.printf(
        Locale.ROOT,
        "  leveled what-if: l = %d, base log %d, packing sd 2^%.1f, b = %d: %d B of values"
            + " (+ header); key %d B seeded, %d B on the server%n",
        shape.levelCount().value(),
        shape.baseLog().value(),
        Math.log(Math.sqrt(shape.variance(count))) / Math.log(2),
        b.value(),
        packedBytes,
        8 * SeededLwePackingKeyswitchKey.bodyCount(shape),
        8 * rows * shape.glweDimension().toGlweSize() * shape.polynomialSize().value());
    timeOutputStep(key, p, m);
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
