package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.algorithms.GlweEncryption;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchedGlweCiphertextList;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededGlweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The blobs of coefficient-encoded linear models: the seeded GLWE input ({@link
 * BlobKind#SEEDED_GLWE_CIPHERTEXT}) and the modulus-switched GLWE output read at the shape the
 * model's artifact names.
 */
class CoefficientEncodedFormatsTest {
  private static final ParameterSet SET = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
  private static final GlweDimension K = new GlweDimension(64);
  private static final PolynomialSize N = new PolynomialSize(32);
  private static final CiphertextModulusLog B = new CiphertextModulusLog(46);

  @Test
  void seededGlwe_roundTripsAndDecryptsEveryCoefficient() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    ClientKey key = ClientKey.generate(SET);
    long[] messages = rnd.longs(N.value(), -(1L << 23), 1L << 23).toArray();
    SeededGlweCiphertext sent = key.encryptSeededGlwe(messages, K, N, B);
    byte[] blob = CiphertextFormats.toBytes(sent, SET);
    assertThat((long) blob.length).isEqualTo(CiphertextFormats.seededGlweBlobLength(SET, N, B));
    SeededGlweCiphertext back = CiphertextFormats.readSeededGlweCiphertext(blob, SET, K, N, B);
    assertThat(back.seed()).isEqualTo(sent.seed());
    assertThat(back.body()).isEqualTo(sent.body());
    long[] phases =
        GlweEncryption.decryptPhaseNew(
            key.bigKeyAsGlwe(K, N, InsecureSecretKeyAccess.get()),
            SeededCompression.decompressNew(back));
    for (int i = 0; i < messages.length; i++) {
      assertThat(MessageEncoding.decode(SET, phases[i]))
          .as("seed %d, coefficient %d", seed, i)
          .isEqualTo(messages[i]);
      // fresh TUniform(17) noise in every coefficient and the body's rounding to 46 bits
      assertThat(Math.abs(MessageEncoding.noise(SET, phases[i], messages[i])))
          .isLessThanOrEqualTo((1L << 17) + (1L << 17));
    }
  }

  @Test
  void hostileSeededGlweBlobs_areRefusedWithTheReason() {
    // 32 bodies of 46 bits: 184 bytes
    byte[] good = seededPayload(64, 32, 46, 184);
    assertThat(CiphertextFormats.readSeededGlweCiphertext(good, SET, K, N, B).body()).hasSize(32);
    assertSeededRefused(
        seededPayload(32, 64, 46, 368),
        Reason.CONTENT,
        "has k=32, N=64, 46 body bits; expected k=64, N=32, 46 body bits");
    assertSeededRefused(seededPayload(64, 31, 46, 184), Reason.CONTENT, "N=31");
    assertSeededRefused(seededPayload(-1, 32, 46, 184), Reason.CONTENT, "k=4294967295");
    assertSeededRefused(seededPayload(64, 32, 64, 256), Reason.CONTENT, "64 body bits; expected");
    assertSeededRefused(
        seededPayload(64, 32, 46, 183),
        Reason.LENGTH,
        "at 46 bits needs 184 body bytes, the payload holds 183");
    assertSeededRefused(seededPayload(64, 32, 46, 185), Reason.LENGTH, "holds 185");
    byte[] short5 =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(1, BlobKind.SEEDED_GLWE_CIPHERTEXT.code(), SET.id(), 5),
            new byte[5]);
    assertSeededRefused(short5, Reason.LENGTH, "shorter than its 25-byte prefix");
    // an LWE list where a GLWE ciphertext is expected: refused by its kind
    byte[] lweList =
        CiphertextFormats.toBytes(ClientKey.generate(SET).encryptSeeded(new long[] {1, 2, 3}), SET);
    assertThatThrownBy(() -> CiphertextFormats.readSeededGlweCiphertext(lweList, SET, K, N, B))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND))
        .hasMessageContaining("SEEDED_LWE_CIPHERTEXT_LIST");
    // truncated and flipped blobs fail their frame checks before any decoding
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> CiphertextFormats.readSeededGlweCiphertext(cut, SET, K, N, B))
        .isInstanceOf(BlobFormatException.class);
    byte[] flipped = good.clone();
    flipped[flipped.length - 3] ^= 1;
    assertThatThrownBy(() -> CiphertextFormats.readSeededGlweCiphertext(flipped, SET, K, N, B))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM));
  }

  @Test
  void bodiesWithBitsBelowTheirTopB_areRefused() {
    long[] body = new long[32];
    body[5] = 1L << 17;
    assertThatThrownBy(() -> new SeededGlweCiphertext(Seed.fromBytes(new byte[16]), body, K, N, B))
        .hasMessageContaining("body coefficient 5 has bits below its top 46");
  }

  @Test
  void shapesThatAreNotTheBigKey_areRefusedOnBothSides() {
    PolynomialSize n = new PolynomialSize(64);
    GlweDimension k = new GlweDimension(16);
    assertThatThrownBy(() -> CiphertextFormats.readSeededGlweCiphertext(new byte[0], SET, k, n, B))
        .hasMessageContaining("k=16, N=64 is neither the big key");
    SeededGlweCiphertext wrong =
        new SeededGlweCiphertext(Seed.fromBytes(new byte[16]), new long[64], k, n, B);
    assertThatThrownBy(() -> CiphertextFormats.toBytes(wrong, SET))
        .hasMessageContaining("(k·N = 2048)");
  }

  @Test
  void switchedGlweOutputs_readAtTheArtifactsShape() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int count = 3;
    int bits = 33;
    long[] values =
        rnd.longs(ModulusSwitchedGlweCiphertextList.valueCount(K, N, count), 0, 1L << bits)
            .toArray();
    byte[] blob =
        CiphertextFormats.toBytes(
            new ModulusSwitchedGlweCiphertextList(
                values, K, N, count, new CiphertextModulusLog(bits)),
            SET);
    assertThat((long) blob.length)
        .isEqualTo(
            CiphertextFormats.packedGlweBlobLength(
                SET, K, N, count, new CiphertextModulusLog(bits)));
    assertThat(CiphertextFormats.readModulusSwitchedGlweCiphertextList(blob, SET, K, N).values())
        .as("seed %d", seed)
        .isEqualTo(values);
    // the same blob read at another shape (or the set's packing shape) is refused
    assertThatThrownBy(
            () ->
                CiphertextFormats.readModulusSwitchedGlweCiphertextList(
                    blob, SET, new GlweDimension(128), new PolynomialSize(16)))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining("has k=64, N=32")
        .hasMessageContaining("expects k=128, N=16");
    assertThatThrownBy(() -> CiphertextFormats.readModulusSwitchedGlweCiphertextList(blob, SET))
        .hasMessageContaining("packs into k=8, N=256");
  }

  private static byte[] seededPayload(int k, int bigN, int bits, int bodyBytes) {
    ByteBuffer p = ByteBuffer.allocate(9 + Seed.BYTES + bodyBytes).order(ByteOrder.LITTLE_ENDIAN);
    p.putInt(k).putInt(bigN).put((byte) bits);
    return BlobTestSupport.seal(
        BlobTestSupport.forgeHeader(
            1, BlobKind.SEEDED_GLWE_CIPHERTEXT.code(), SET.id(), p.capacity()),
        p.array());
  }

  private static void assertSeededRefused(byte[] blob, Reason reason, String message) {
    assertThatThrownBy(() -> CiphertextFormats.readSeededGlweCiphertext(blob, SET, K, N, B))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
