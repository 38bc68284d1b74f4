package io.fhestreams.benchmarks.engine.serialization;

import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededLweBootstrapKey;
import io.fhestreams.engine.compression.SeededLweKeyswitchKey;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.random.Seeder;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Sizes of serialized keys and ciphertexts per parameter set, counted from the bytes the engine's
 * formats actually write (not from formulas):
 *
 * <ul>
 *   <li>evaluation keys, seeded (transport) and plain: for the 2- and 4-bit sets from freshly
 *       generated keys; for the 6-bit set, whose key generation takes too long for a report, the
 *       seeded blob is written from keys of the right shape with zero bodies (the size does not
 *       depend on the values) and the plain size is the format's computed length, marked
 *       "(computed)";
 *   <li>ciphertext bytes per value: plain list, seeded list, and output list switched to the
 *       modulus the noise model allows for bootstrap outputs at p_fail 2^-128; each as (bytes of a
 *       1001-value list − bytes of a 1-value list) / 1000, plus the constant per list.
 * </ul>
 *
 * Run: {@code mvn -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.engine.serialization.SizeReport
 * [--skip-keygen]}
 */
public final class SizeReport {
  private SizeReport() {}

  /** Counts bytes without keeping them. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  public static void main(String[] args) throws IOException {
    boolean keygen = !List.of(args).contains("--skip-keygen");
    System.out.println("# Serialized sizes (bytes counted from the written blobs)");
    System.out.println();
    System.out.println(
        "| set | seeded eval keys | plain eval keys | plain ct B/value | seeded ct B/value | output ct B/value (bits) | constant per list (plain / seeded / output) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (ParameterSet set :
        ParameterSets.all().stream().filter(ParameterSet::supportsBootstrap).toList()) {
      String seededKeys;
      String plainKeys;
      if (keygen && set.polynomialSize().value() <= 2048) {
        SeededEvaluationKeys keys = SeededEvaluationKeys.generate(ClientKey.generate(set));
        CountingStream seeded = new CountingStream();
        EvaluationKeyFormats.write(seeded, keys);
        CountingStream plain = new CountingStream();
        EvaluationKeyFormats.write(
            plain,
            set,
            SeededCompression.decompressNew(keys.keyswitchKey()),
            SeededCompression.decompressNew(keys.bootstrapKey()));
        seededKeys = mb(seeded.count);
        plainKeys = mb(plain.count);
      } else {
        CountingStream seeded = new CountingStream();
        EvaluationKeyFormats.write(seeded, zeroKeys(set));
        seededKeys = mb(seeded.count) + " (zero bodies)";
        plainKeys = mb(EvaluationKeyFormats.blobLength(set, false)) + " (computed)";
      }
      double[] perValue = new double[3];
      long[] constant = new long[3];
      listSizes(set, perValue, constant);
      CiphertextModulusLog bits = outputBits(set);
      System.out.printf(
          "| %s | %s | %s | %.2f | %.2f | %.2f (%d bits) | %d / %d / %d |%n",
          set.id(),
          seededKeys,
          plainKeys,
          perValue[0],
          perValue[1],
          perValue[2],
          bits.value(),
          constant[0],
          constant[1],
          constant[2]);
    }
  }

  private static CiphertextModulusLog outputBits(ParameterSet set) {
    return ModulusSwitchCompression.modulusLogFor(
        set,
        set.bigLweDimension(),
        NoiseModel.of(set).pbsOutputVariance(),
        ModulusSwitchCompression.DEFAULT_LOG2_PFAIL);
  }

  /** Bytes per value and per list of plain, seeded and output lists, from real blobs. */
  private static void listSizes(ParameterSet set, double[] perValue, long[] constant) {
    LweSecretKey big =
        ClientKey.generate(set).glweSecretKey(InsecureSecretKeyAccess.get()).asLweSecretKey();
    long[][] sizes = new long[3][2];
    int[] counts = {1, 1001};
    for (int c = 0; c < 2; c++) {
      long[] plaintexts = new long[counts[c]];
      Seed seed = Seeder.freshSeed();
      LweCiphertextList list =
          LweEncryption.encryptListNew(
              big,
              plaintexts,
              set.glweNoise(),
              MaskGenerator.fromSeed(seed),
              NoiseGenerator.fresh());
      sizes[0][c] = CiphertextFormats.toBytes(list, set).length;
      sizes[1][c] =
          CiphertextFormats.toBytes(
                  SeededCompression.encryptListNew(
                      big, plaintexts, set.glweNoise(), seed, NoiseGenerator.fresh()),
                  set)
              .length;
      sizes[2][c] =
          CiphertextFormats.toBytes(
                  ModulusSwitchCompression.compressNew(list, outputBits(set)), set)
              .length;
    }
    for (int k = 0; k < 3; k++) {
      perValue[k] = (sizes[k][1] - sizes[k][0]) / 1000.0;
      constant[k] = Math.round(sizes[k][0] - perValue[k]);
    }
  }

  private static SeededEvaluationKeys zeroKeys(ParameterSet set) {
    Seed seed = Seeder.freshSeed();
    SeededLweKeyswitchKey ksk =
        new SeededLweKeyswitchKey(
            seed,
            new int[set.bigLweDimension().value() * set.ksLevel().value()],
            set.bigLweDimension(),
            set.lweDimension(),
            set.ksBaseLog(),
            set.ksLevel());
    SeededLweBootstrapKey bsk =
        new SeededLweBootstrapKey(
            seed,
            new long
                [Math.toIntExact(
                    SeededLweBootstrapKey.bodyCount(
                        set.lweDimension(),
                        set.glweDimension(),
                        set.polynomialSize(),
                        set.pbsLevel()))],
            set.lweDimension(),
            set.glweDimension(),
            set.polynomialSize(),
            set.pbsBaseLog(),
            set.pbsLevel());
    return new SeededEvaluationKeys(set, ksk, bsk);
  }

  private static String mb(long bytes) {
    return String.format("%,d B (%.1f MB)", bytes, bytes / 1e6);
  }
}
