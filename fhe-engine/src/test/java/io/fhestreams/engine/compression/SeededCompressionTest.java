package io.fhestreams.engine.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.algorithms.LweBootstrapKeyGeneration;
import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.algorithms.LweKeyswitchKeyGeneration;
import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seed;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeededCompressionTest {
  private static final NoiseDistribution NOISE = new NoiseDistribution.TUniform(17);

  private static Seed seed(int i) {
    byte[] b = new byte[Seed.BYTES];
    b[0] = (byte) i;
    b[15] = (byte) (i * 7 + 1);
    return Seed.fromBytes(b);
  }

  private static LweSecretKey lweKey(int n, int seed) {
    long[] s = new long[n];
    NoiseGenerator.fromSeed(seed(100 + seed)).fillBinary(s);
    return new LweSecretKey(s, new LweDimension(n));
  }

  private static GlweSecretKey glweKey(int k, int bigN, int seed) {
    long[] s = new long[k * bigN];
    NoiseGenerator.fromSeed(seed(200 + seed)).fillBinary(s);
    return new GlweSecretKey(s, new GlweDimension(k), new PolynomialSize(bigN));
  }

  @Test
  void shouldRegenerateAListBitForBitAndDecryptIt() {
    LweSecretKey key = lweKey(600, 1);
    SplittableRandom rnd = new SplittableRandom(1);
    long[] plaintexts = new long[300];
    for (int i = 0; i < plaintexts.length; i++) {
      plaintexts[i] = (long) rnd.nextInt(16) << 59;
    }
    SeededLweCiphertextList seeded =
        SeededCompression.encryptListNew(
            key, plaintexts, NOISE, seed(1), NoiseGenerator.fromSeed(seed(2)));
    LweCiphertextList reference =
        LweEncryption.encryptListNew(
            key,
            plaintexts,
            NOISE,
            MaskGenerator.fromSeed(seed(1)),
            NoiseGenerator.fromSeed(seed(2)));
    LweCiphertextList expanded = SeededCompression.decompressNew(seeded);
    assertThat(expanded.data()).isEqualTo(reference.data());
    for (int i = 0; i < plaintexts.length; i++) {
      long error = LweEncryption.decryptPhase(key, expanded, i) - plaintexts[i];
      assertThat(Math.abs(error)).as("ciphertext %d", i).isLessThanOrEqualTo(1L << 17);
    }
  }

  @Test
  void shouldRegenerateEachCiphertextOfAListAsTheWholeListDoes() {
    // seeds 11..15: lists of 1 to 5 * 7 ciphertexts at two dimensions; each ciphertext alone is
    // bit for bit the whole list's slot
    for (int s = 11; s <= 15; s++) {
      int n = s % 2 == 0 ? 600 : 2048;
      LweSecretKey key = lweKey(n, s);
      SplittableRandom rnd = new SplittableRandom(s);
      long[] plaintexts = new long[(s - 10) * 7];
      for (int i = 0; i < plaintexts.length; i++) {
        plaintexts[i] = rnd.nextLong();
      }
      SeededLweCiphertextList seeded =
          SeededCompression.encryptListNew(
              key, plaintexts, NOISE, seed(s), NoiseGenerator.fromSeed(seed(s + 50)));
      LweCiphertextList whole = SeededCompression.decompressNew(seeded);
      LweCiphertext[] each = SeededCompression.decompressEach(seeded);
      // reused arrays holding another record's values are overwritten completely
      LweCiphertext[] reused = new LweCiphertext[plaintexts.length];
      for (int i = 0; i < reused.length; i++) {
        reused[i] = new LweCiphertext(rnd.longs(n + 1).toArray(), key.dimension());
      }
      SeededCompression.decompressInto(seeded, reused);
      assertThat(each).as("seed %d", s).hasSize(plaintexts.length);
      for (int i = 0; i < each.length; i++) {
        assertThat(each[i].dimension()).isEqualTo(key.dimension());
        assertThat(each[i].data())
            .as("seed %d, ciphertext %d", s, i)
            .isEqualTo(whole.get(i).data());
        assertThat(reused[i].data())
            .as("seed %d, reused ciphertext %d", s, i)
            .isEqualTo(whole.get(i).data());
      }
    }
  }

  @Test
  void shouldRefuseToRegenerateIntoArraysOfAnotherShape() {
    SeededLweCiphertextList seeded =
        SeededCompression.encryptListNew(
            lweKey(32, 7), new long[3], NOISE, seed(7), NoiseGenerator.fromSeed(seed(8)));
    LweCiphertext[] tooFew = {
      LweCiphertext.zeros(new LweDimension(32)), LweCiphertext.zeros(new LweDimension(32))
    };
    assertThatThrownBy(() -> SeededCompression.decompressInto(seeded, tooFew))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 ciphertexts into 2");
    LweCiphertext[] otherDimension = {
      LweCiphertext.zeros(new LweDimension(32)),
      LweCiphertext.zeros(new LweDimension(31)),
      LweCiphertext.zeros(new LweDimension(32))
    };
    assertThatThrownBy(() -> SeededCompression.decompressInto(seeded, otherDimension))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension 32 into 31");
  }

  @Test
  void shouldRoundTripAKeyswitchKeyExactly() {
    LweKeyswitchKey ksk =
        LweKeyswitchKeyGeneration.generateNew(
            lweKey(64, 2),
            lweKey(20, 3),
            new DecompositionBaseLog(4),
            new DecompositionLevelCount(3),
            NOISE,
            MaskGenerator.fromSeed(seed(3)),
            NoiseGenerator.fromSeed(seed(4)));
    SeededLweKeyswitchKey seeded = SeededCompression.compressNew(ksk, seed(3));
    assertThat(seeded.bodies()).hasSize(64 * 3);
    assertThat(SeededCompression.decompressNew(seeded).rows()).isDeepEqualTo(ksk.rows());
  }

  @Test
  void shouldRoundTripABootstrapKeyExactly() {
    LweBootstrapKey bsk =
        LweBootstrapKeyGeneration.generateNew(
            lweKey(10, 4),
            glweKey(2, 64, 5),
            new DecompositionBaseLog(15),
            new DecompositionLevelCount(2),
            NOISE,
            MaskGenerator.fromSeed(seed(5)),
            NoiseGenerator.fromSeed(seed(6)));
    SeededLweBootstrapKey seeded = SeededCompression.compressNew(bsk, seed(5));
    // n·l·(k+1)·N bodies, a third of the n·l·(k+1)²·N elements for k = 2.
    assertThat(seeded.bodies()).hasSize(10 * 2 * 3 * 64);
    assertThat(bsk.data()).hasSize(3 * seeded.bodies().length);
    assertThat(SeededCompression.decompressNew(seeded).data()).isEqualTo(bsk.data());
  }

  @Test
  void compressWithTheWrongSeed_fails() {
    LweKeyswitchKey ksk =
        LweKeyswitchKeyGeneration.generateNew(
            lweKey(16, 6),
            lweKey(8, 7),
            new DecompositionBaseLog(4),
            new DecompositionLevelCount(2),
            NOISE,
            MaskGenerator.fromSeed(seed(7)),
            NoiseGenerator.fromSeed(seed(8)));
    assertThatThrownBy(() -> SeededCompression.compressNew(ksk, seed(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was not encrypted with masks from this seed");
  }

  @Test
  void bodiesOfTheWrongLength_fail() {
    assertThatThrownBy(
            () ->
                new SeededLweKeyswitchKey(
                    seed(1),
                    new int[5],
                    new LweDimension(4),
                    new LweDimension(2),
                    new DecompositionBaseLog(4),
                    new DecompositionLevelCount(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 8 body elements, found 5");
  }

  @Test
  void shouldGenerateSeededKeyswitchKeyEqualToCompressingTheFullOne() {
    // 150 input coefficients: three generation chunks, the last one partial.
    LweSecretKey in = lweKey(150, 10);
    LweSecretKey out = lweKey(30, 11);
    LweKeyswitchKey full =
        LweKeyswitchKeyGeneration.generateNew(
            in,
            out,
            new DecompositionBaseLog(3),
            new DecompositionLevelCount(4),
            NOISE,
            MaskGenerator.fromSeed(seed(12)),
            NoiseGenerator.fromSeed(seed(13)));
    SeededLweKeyswitchKey direct =
        SeededCompression.generateKeyswitchKeyNew(
            in,
            out,
            new DecompositionBaseLog(3),
            new DecompositionLevelCount(4),
            NOISE,
            seed(12),
            NoiseGenerator.fromSeed(seed(13)));
    assertThat(direct.bodies()).isEqualTo(SeededCompression.compressNew(full, seed(12)).bodies());
    assertThat(SeededCompression.decompressNew(direct).rows()).isDeepEqualTo(full.rows());
  }

  @Test
  void shouldGenerateSeededBootstrapKeyEqualToCompressingTheFullOne() {
    // 19 GGSW ciphertexts: three generation chunks of 8, the last one partial.
    LweSecretKey in = lweKey(19, 14);
    GlweSecretKey out = glweKey(1, 128, 15);
    LweBootstrapKey full =
        LweBootstrapKeyGeneration.generateNew(
            in,
            out,
            new DecompositionBaseLog(10),
            new DecompositionLevelCount(2),
            NOISE,
            MaskGenerator.fromSeed(seed(16)),
            NoiseGenerator.fromSeed(seed(17)));
    SeededLweBootstrapKey direct =
        SeededCompression.generateBootstrapKeyNew(
            in,
            out,
            new DecompositionBaseLog(10),
            new DecompositionLevelCount(2),
            NOISE,
            seed(16),
            NoiseGenerator.fromSeed(seed(17)));
    assertThat(direct.bodies()).isEqualTo(SeededCompression.compressNew(full, seed(16)).bodies());
    FourierLweBootstrapKey fourier = SeededCompression.decompressToFourierNew(direct);
    assertThat(fourier.data())
        .isEqualTo(LweBootstrapKeyGeneration.convertToFourierNew(full).data());
  }
}
