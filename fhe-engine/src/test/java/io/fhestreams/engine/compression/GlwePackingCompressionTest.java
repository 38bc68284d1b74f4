package io.fhestreams.engine.compression;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.algorithms.GlweEncryption;
import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.algorithms.LwePackingKeyswitch;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seed;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlwePackingCompressionTest {
  private static final ParameterSet SET = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128;

  /** The widened 6-bit set of the neural nets (12-bit outputs, k·N = 8192). */
  private static final ParameterSet NET_SET =
      ParameterSets.widened(ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64, 12);

  /**
   * Random messages, encrypted with the noise of bootstrap outputs, packed under the big key read
   * as a GLWE key into two GLWE ciphertexts (more than one ciphertext's 256 slots): every slot
   * decrypts to its message before and after the modulus switch, and the error the packing key
   * switch adds has the variance the noise model predicts.
   */
  @Test
  void shouldPackAndCompressRandomOutputsExactlyWithTheModelledNoise() {
    assertThat(PackingKeyswitchParameters.of(SET).outputKey())
        .isEqualTo(PackingKeyswitchParameters.OutputKey.BIG_KEY);
    packAndCompress(SET);
  }

  /**
   * The same under the client's separate compression key (k' = 8, N' = 256, two levels) for the
   * nets' widened 6-bit set: the 8192-coefficient outputs come back with a 2048-coefficient mask.
   */
  @Test
  void shouldPackTheNetsOutputsUnderTheCompressionKeyWithTheModelledNoise() {
    PackingKeyswitchParameters p = PackingKeyswitchParameters.of(NET_SET);
    assertThat(p.outputKey()).isEqualTo(PackingKeyswitchParameters.OutputKey.COMPRESSION_KEY);
    assertThat(p.packedMaskDimension().value()).isEqualTo(2048);
    packAndCompress(NET_SET);
  }

  private static void packAndCompress(ParameterSet set) {
    long seed = new SplittableRandom().nextLong();
    System.out.println("GlwePackingCompressionTest " + set.id() + " seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    NoiseGenerator noise = NoiseGenerator.fromSeed(seedFrom(rnd));
    ClientKey client = ClientKey.generate(set);
    LweSecretKey big = client.glweSecretKey(InsecureSecretKeyAccess.get()).asLweSecretKey();
    PackingKeyswitchParameters p = PackingKeyswitchParameters.of(set);
    GlweSecretKey packingKey = client.packingOutputKey(InsecureSecretKeyAccess.get()).orElseThrow();
    SeededLwePackingKeyswitchKey seeded =
        SeededCompression.generatePackingKeyswitchKeyNew(big, packingKey, p, seedFrom(rnd), noise);
    LwePackingKeyswitchKey key = SeededCompression.decompressNew(seeded);

    int count = 300;
    long[] messages = rnd.longs(count, 0, set.messageModulus()).toArray();
    long[] plaintexts = new long[count];
    for (int i = 0; i < count; i++) {
      plaintexts[i] = MessageEncoding.encode(set, messages[i]);
    }
    // 9 bits below Δ = 2^(63 - bits), as bootstrap outputs
    NoiseDistribution outputLike = new NoiseDistribution.TUniform(63 - set.messageBits() - 9);
    LweCiphertextList list =
        LweEncryption.encryptListNew(
            big, plaintexts, outputLike, MaskGenerator.fromSeed(seedFrom(rnd)), noise);

    GlweCiphertext[] packed = LwePackingKeyswitch.packNew(key, list);
    assertThat(packed).hasSize(2);
    double sumSquares = 0;
    for (int i = 0; i < count; i++) {
      long phase = slotPhase(packingKey, packed, i);
      assertThat(MessageEncoding.decode(set, phase)).as("slot %d", i).isEqualTo(messages[i]);
      double added = (phase - LweEncryption.decryptPhase(big, list, i)) * 0x1p-64;
      if (i < PackingKeyswitchParameters.SLOTS) {
        sumSquares += added * added;
      }
    }
    // the first ciphertext is full: each of its 256 slots collects 256 key switches' key noise
    double measured = sumSquares / PackingKeyswitchParameters.SLOTS;
    double model = p.variance();
    System.out.printf(
        "%s packing key switch (baseLog %d, l %d): added variance measured 2^%.2f, model 2^%.2f%n",
        set.id(),
        p.baseLog().value(),
        p.levelCount().value(),
        Math.log(measured) / Math.log(2),
        Math.log(model) / Math.log(2));
    // 256 samples: the estimate's relative standard deviation is about sqrt(2/256) = 9 %
    assertThat(measured).isBetween(model * 0.6, model * 1.4);

    CiphertextModulusLog b =
        ModulusSwitchCompression.modulusLogFor(
            set,
            p.packedMaskDimension(),
            outputLike.varianceTorus() + model,
            ModulusSwitchCompression.DEFAULT_LOG2_PFAIL);
    ModulusSwitchedGlweCiphertextList compressed =
        GlwePackingCompression.compressNew(packed, count, b);
    assertThat(compressed.values()).hasSize(2 * p.packedMaskDimension().value() + count);
    GlweCiphertext[] back = GlwePackingCompression.decompressNew(compressed);
    for (int i = 0; i < count; i++) {
      assertThat(MessageEncoding.decode(set, slotPhase(packingKey, back, i)))
          .as("compressed slot %d", i)
          .isEqualTo(messages[i]);
    }
  }

  /** The key switch's output keeps the bootstrap outputs' budget: the modulus stays 14 bits. */
  @Test
  void shouldKeepTheOutputModulusOfUnpackedBootstrapOutputs() {
    PackingKeyswitchParameters p = PackingKeyswitchParameters.of(SET);
    double outputs = NoiseModel.of(SET).pbsOutputVariance();
    assertThat(p.variance()).isLessThan(outputs / 8);
    assertThat(
            ModulusSwitchCompression.modulusLogFor(
                    SET, SET.bigLweDimension(), outputs + p.variance(), -128)
                .value())
        .isEqualTo(
            ModulusSwitchCompression.modulusLogFor(SET, SET.bigLweDimension(), outputs, -128)
                .value());
  }

  private static long slotPhase(GlweSecretKey key, GlweCiphertext[] packed, int slot) {
    int bigN = key.polynomialSize().value();
    return GlweEncryption.decryptPhaseNew(key, packed[slot / bigN])[slot % bigN];
  }

  private static Seed seedFrom(SplittableRandom rnd) {
    byte[] bytes = new byte[Seed.BYTES];
    rnd.nextBytes(bytes);
    return Seed.fromBytes(bytes);
  }
}
