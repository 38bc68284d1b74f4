package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededLweKeyswitchKey;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key-switching key blobs of the 4-bit set; bootstrap keys are covered through {@code
 * EvaluationKeyFormatsTest}.
 */
class KeyFormatsTest {
  private static final ParameterSet SET = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
  private static SeededLweKeyswitchKey seeded;
  private static byte[] seededBlob;

  private static Seed seed(int i) {
    byte[] b = new byte[Seed.BYTES];
    Arrays.fill(b, (byte) (i * 31));
    return Seed.fromBytes(b);
  }

  @BeforeAll
  static void generate() {
    LweSecretKey big = CiphertextFormatsTest.bigKey(SET, 1);
    long[] s = new long[SET.lweDimension().value()];
    NoiseGenerator.fromSeed(seed(2)).fillBinary(s);
    seeded =
        SeededCompression.generateKeyswitchKeyNew(
            big,
            new LweSecretKey(s, SET.lweDimension()),
            SET.ksBaseLog(),
            SET.ksLevel(),
            SET.lweNoise(),
            seed(3),
            NoiseGenerator.fromSeed(seed(4)));
    seededBlob = KeyFormats.toBytes(seeded, SET);
  }

  @Test
  void shouldRoundTripPlainAndSeededKeyswitchKeys() throws Exception {
    SeededLweKeyswitchKey back = KeyFormats.readSeededLweKeyswitchKey(seededBlob, SET);
    assertThat(back.bodies()).isEqualTo(seeded.bodies());
    assertThat(back.seed()).isEqualTo(seeded.seed());
    assertThat(
            KeyFormats.readSeededLweKeyswitchKey(new ByteArrayInputStream(seededBlob), SET)
                .bodies())
        .isEqualTo(seeded.bodies());
    assertThat((long) seededBlob.length)
        .isEqualTo(
            BlobFormat.headerLength(SET.id().length())
                + KeyFormats.keyswitchKeyPayloadLength(SET, true)
                + 4);

    LweKeyswitchKey full = SeededCompression.decompressNew(back);
    byte[] plainBlob = KeyFormats.toBytes(full, SET);
    assertThat((long) plainBlob.length)
        .isEqualTo(
            BlobFormat.headerLength(SET.id().length())
                + KeyFormats.keyswitchKeyPayloadLength(SET, false)
                + 4);
    LweKeyswitchKey fullBack =
        KeyFormats.readLweKeyswitchKey(new ByteArrayInputStream(plainBlob), SET);
    assertThat(fullBack.rows()).isDeepEqualTo(full.rows());
    System.out.printf(
        "key-switching key of %s: plain %d bytes, seeded %d bytes%n",
        SET.id(), plainBlob.length, seededBlob.length);
  }

  @Test
  void truncatedOrFlippedKey_isRefused() {
    SplittableRandom rnd = new SplittableRandom(5);
    int headerLength = BlobFormat.headerLength(SET.id().length());
    for (int i = 0; i < 300; i++) {
      // Every header and shape byte, then random offsets through the bodies.
      int at = i < headerLength + 40 ? i : rnd.nextInt(seededBlob.length);
      byte[] cut = Arrays.copyOf(seededBlob, at);
      assertThat(refusal(cut, true).reason()).as("cut at %d", at).isEqualTo(Reason.TRUNCATED);
      assertThat(refusal(cut, false).reason()).as("cut at %d", at).isEqualTo(Reason.TRUNCATED);
      byte[] flipped = seededBlob.clone();
      flipped[at] ^= (byte) (1 << rnd.nextInt(8));
      for (boolean streamed : new boolean[] {false, true}) {
        assertThat(refusal(flipped, streamed).reason())
            .as("flip at %d", at)
            .isIn(Reason.MAGIC, Reason.VERSION, Reason.CHECKSUM, Reason.LENGTH, Reason.CONTENT);
      }
    }
  }

  private static BlobFormatException refusal(byte[] blob, boolean streamed) {
    BlobFormatException e =
        catchThrowableOfType(
            BlobFormatException.class,
            () -> {
              if (streamed) {
                KeyFormats.readSeededLweKeyswitchKey(new ByteArrayInputStream(blob), SET);
              } else {
                KeyFormats.readSeededLweKeyswitchKey(blob, SET);
              }
            });
    assertThat(e).as("blob of %d bytes must be refused", blob.length).isNotNull();
    return e;
  }

  @Test
  void wrongKindOrParameterSet_isRefused() {
    assertThatThrownBy(() -> KeyFormats.readLweKeyswitchKey(seededBlob, SET))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND))
        .hasMessageContaining("expected kind LWE_KEYSWITCH_KEY, found SEEDED_LWE_KEYSWITCH_KEY");
    assertThatThrownBy(
            () ->
                KeyFormats.readSeededLweKeyswitchKey(
                    seededBlob, ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_SET));
  }

  @Test
  void retiredSixtyFourBitFormat_isRefusedNamingItsFormat() {
    // A format-1 seeded key: the same shape and seed, 64-bit bodies (kind code 21).
    int bodies = SET.bigLweDimension().value() * SET.ksLevel().value();
    ByteBuffer payload =
        ByteBuffer.allocate(16 + Seed.BYTES + 8 * bodies).order(ByteOrder.LITTLE_ENDIAN);
    payload
        .putInt(SET.bigLweDimension().value())
        .putInt(SET.lweDimension().value())
        .putInt(SET.ksBaseLog().value())
        .putInt(SET.ksLevel().value())
        .put(seed(3).toBytes());
    byte[] old =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                1, BlobKind.SEEDED_LWE_KEYSWITCH_KEY_64.code(), SET.id(), payload.capacity()),
            payload.array());
    for (ThrowingCallable read :
        new ThrowingCallable[] {
          () -> KeyFormats.readSeededLweKeyswitchKey(old, SET),
          () -> KeyFormats.readSeededLweKeyswitchKey(new ByteArrayInputStream(old), SET)
        }) {
      assertThatThrownBy(read)
          .isInstanceOfSatisfying(
              BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
          .hasMessageContaining(
              "retired kind SEEDED_LWE_KEYSWITCH_KEY_64 (code 21, seeded key-switching key"
                  + " format 1, 64-bit elements)")
          .hasMessageContaining("expected SEEDED_LWE_KEYSWITCH_KEY (code 25)");
    }
    // A reader of another kind still reports the plain kind mismatch.
    assertThatThrownBy(() -> KeyFormats.readLweKeyswitchKey(old, SET))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND));
  }

  @Test
  void lyingPayloadLength_isRefusedBeforeAllocating() {
    byte[] payload =
        Arrays.copyOfRange(
            seededBlob, BlobFormat.headerLength(SET.id().length()), seededBlob.length - 4);
    for (long lie : new long[] {payload.length - 8L, payload.length + 8L, 1L << 40}) {
      byte[] forged =
          BlobTestSupport.seal(
              BlobTestSupport.forgeHeader(
                  1, BlobKind.SEEDED_LWE_KEYSWITCH_KEY.code(), SET.id(), lie),
              payload);
      BlobFormatException e =
          catchThrowableOfType(
              BlobFormatException.class,
              () -> KeyFormats.readSeededLweKeyswitchKey(new ByteArrayInputStream(forged), SET));
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.LENGTH);
    }
  }

  @Test
  void shapeOfAnotherSet_isRefused() {
    byte[] payload =
        Arrays.copyOfRange(
            seededBlob, BlobFormat.headerLength(SET.id().length()), seededBlob.length - 4);
    // Same length, but the shape says 6 key-switch levels instead of 5.
    ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 6);
    byte[] forged =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                1, BlobKind.SEEDED_LWE_KEYSWITCH_KEY.code(), SET.id(), payload.length),
            payload);
    assertThatThrownBy(() -> KeyFormats.readSeededLweKeyswitchKey(forged, SET))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining("shape in the blob [2048, 879, 3, 6]")
        .hasMessageContaining("expected [2048, 879, 3, 5]");
  }
}
