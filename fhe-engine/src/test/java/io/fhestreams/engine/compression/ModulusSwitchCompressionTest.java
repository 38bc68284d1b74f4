package io.fhestreams.engine.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.Evaluator;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seeder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModulusSwitchCompressionTest {
  private static final ParameterSet SET = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;

  @Test
  void shouldKeepFourteenBitsForBootstrapOutputsOfTheFourBitSet() {
    CiphertextModulusLog b =
        ModulusSwitchCompression.modulusLogFor(
            SET,
            SET.bigLweDimension(),
            NoiseModel.of(SET).pbsOutputVariance(),
            ModulusSwitchCompression.DEFAULT_LOG2_PFAIL);
    assertThat(b.value()).isEqualTo(14);
    assertThatThrownBy(
            () -> ModulusSwitchCompression.modulusLogFor(SET, SET.bigLweDimension(), 1e-3, -128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("even before compression");
  }

  /**
   * Ciphertexts noisier than bootstrap outputs (TUniform(50): variance 2^-28.6 against 2^-29.7)
   * decrypt to the same messages after compression, and the measured rounding noise stays under the
   * bound (n+1)·2^-2b/12 (about half of it: the key has about n/2 ones).
   */
  @Test
  void shouldDecryptCompressedNoisyCiphertextsIdentically() {
    ClientKey client = ClientKey.generate(SET);
    LweSecretKey big = client.glweSecretKey(InsecureSecretKeyAccess.get()).asLweSecretKey();
    NoiseDistribution noisy = new NoiseDistribution.TUniform(50);
    SplittableRandom rnd = new SplittableRandom(1);
    long[] messages = rnd.longs(4000, 0, SET.messageModulus()).toArray();
    long[] plaintexts = new long[messages.length];
    for (int i = 0; i < messages.length; i++) {
      plaintexts[i] = MessageEncoding.encode(SET, messages[i]);
    }
    LweCiphertextList list =
        LweEncryption.encryptListNew(
            big,
            plaintexts,
            noisy,
            MaskGenerator.fromSeed(Seeder.freshSeed()),
            NoiseGenerator.fresh());
    CiphertextModulusLog b =
        ModulusSwitchCompression.modulusLogFor(
            SET,
            big.dimension(),
            noisy.varianceTorus(),
            ModulusSwitchCompression.DEFAULT_LOG2_PFAIL);
    LweCiphertextList back =
        ModulusSwitchCompression.decompressNew(ModulusSwitchCompression.compressNew(list, b));
    double sumSquares = 0;
    for (int i = 0; i < messages.length; i++) {
      long original = LweEncryption.decryptPhase(big, list, i);
      long compressed = LweEncryption.decryptPhase(big, back, i);
      assertThat(MessageEncoding.decode(SET, original)).isEqualTo(messages[i]);
      assertThat(MessageEncoding.decode(SET, compressed))
          .as("ciphertext %d", i)
          .isEqualTo(messages[i]);
      double d = (compressed - original) * 0x1p-64;
      sumSquares += d * d;
    }
    double measured = sumSquares / messages.length;
    double bound = ModulusSwitchCompression.roundingVariance(big.dimension(), b);
    System.out.printf(
        "modulus switch to 2^%d: rounding noise measured %.3e, bound %.3e%n",
        b.value(), measured, bound);
    assertThat(measured).isBetween(bound / 4, bound);
  }

  @Test
  void shouldDecryptCompressedBootstrapOutputsIdentically() {
    ClientKey client = ClientKey.generate(SET);
    Evaluator evaluator = new Evaluator(client.generateEvaluationKeys());
    int n = SET.bigLweDimension().toLweSize();
    int count = (int) SET.messageModulus();
    long[] data = new long[count * n];
    for (int m = 0; m < count; m++) {
      LweCiphertext out =
          evaluator.bootstrap(client.encrypt(m), evaluator.lookupTable(x -> (3 * x + 1)));
      System.arraycopy(out.data(), 0, data, m * n, n);
    }
    LweCiphertextList outputs =
        new LweCiphertextList(data, SET.bigLweDimension(), new CiphertextCount(count));
    CiphertextModulusLog b =
        ModulusSwitchCompression.modulusLogFor(
            SET,
            SET.bigLweDimension(),
            NoiseModel.of(SET).pbsOutputVariance(),
            ModulusSwitchCompression.DEFAULT_LOG2_PFAIL);
    LweCiphertextList back =
        ModulusSwitchCompression.decompressNew(ModulusSwitchCompression.compressNew(outputs, b));
    for (int m = 0; m < count; m++) {
      assertThat(client.decrypt(back.get(m)))
          .as("f(%d)", m)
          .isEqualTo((3L * m + 1) % count)
          .isEqualTo(client.decrypt(outputs.get(m)));
    }
  }
}
