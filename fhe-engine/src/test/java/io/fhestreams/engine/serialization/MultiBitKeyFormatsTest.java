package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.algorithms.MultiBitBootstrapKeyGeneration;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededMultiBitBootstrapKey;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.entities.MultiBitBootstrapKey;
import io.fhestreams.engine.params.MultiBitParameterSet;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-bit bootstrap key blobs of the 2-bit g = 3 set (seeded 52 MB, standard 157 MB): round trips
 * of both forms, seeded ↔ standard ↔ Fourier consistency, and hostile blobs (truncated, flipped,
 * lying lengths, wrong kind, set or shape) refused with the reason named.
 */
class MultiBitKeyFormatsTest {
  private static final MultiBitParameterSet SET =
      ParameterSets.MULTI_BIT_GROUP_3_MESSAGE_1_CARRY_1_TUNIFORM_2M128;
  private static SeededMultiBitBootstrapKey seeded;
  private static byte[] seededBlob;

  private static Seed seed(int i) {
    byte[] b = new byte[Seed.BYTES];
    Arrays.fill(b, (byte) (i * 31));
    return Seed.fromBytes(b);
  }

  @BeforeAll
  static void generate() {
    ParameterSet p = SET.parameters();
    long[] small = new long[p.lweDimension().value()];
    NoiseGenerator.fromSeed(seed(1)).fillBinary(small);
    long[] glwe = new long[p.bigLweDimension().value()];
    NoiseGenerator.fromSeed(seed(2)).fillBinary(glwe);
    seeded =
        SeededCompression.generateMultiBitBootstrapKeyNew(
            new LweSecretKey(small, p.lweDimension()),
            new GlweSecretKey(glwe, p.glweDimension(), p.polynomialSize()),
            SET.groupingFactor(),
            p.pbsBaseLog(),
            p.pbsLevel(),
            p.glweNoise(),
            seed(3),
            NoiseGenerator.fromSeed(seed(4)));
    seededBlob = MultiBitKeyFormats.toBytes(seeded, SET);
  }

  @Test
  void shouldRoundTripSeededAndStandardKeysAndAgreeWithTheFourierForm() throws Exception {
    SeededMultiBitBootstrapKey back =
        MultiBitKeyFormats.readSeededMultiBitBootstrapKey(seededBlob, SET);
    assertThat(back.ggsws().bodies()).isEqualTo(seeded.ggsws().bodies());
    assertThat(back.ggsws().seed().toBytes()).isEqualTo(seed(3).toBytes());
    SeededMultiBitBootstrapKey streamed =
        MultiBitKeyFormats.readSeededMultiBitBootstrapKey(
            new ByteArrayInputStream(seededBlob), SET);
    assertThat(streamed.ggsws().bodies()).isEqualTo(seeded.ggsws().bodies());

    MultiBitBootstrapKey standard = SeededCompression.decompressNew(seeded);
    byte[] standardBlob = MultiBitKeyFormats.toBytes(standard, SET);
    assertThat(MultiBitKeyFormats.readMultiBitBootstrapKey(standardBlob, SET).ggsws().data())
        .isEqualTo(standard.ggsws().data());
    assertThat(SeededCompression.compressNew(standard, seed(3)).ggsws().bodies())
        .isEqualTo(seeded.ggsws().bodies());
    assertThat(SeededCompression.decompressToFourierNew(seeded).data())
        .isEqualTo(MultiBitBootstrapKeyGeneration.convertToFourierNew(standard).data());
    System.out.printf(
        "multi-bit key of %s: standard %d bytes, seeded %d bytes%n",
        SET.id(), standardBlob.length, seededBlob.length);
  }

  @Test
  void truncatedOrFlippedKey_isRefused() {
    SplittableRandom rnd = new SplittableRandom(5);
    int headerLength = BlobFormat.headerLength(SET.id().length());
    for (int i = 0; i < 120; i++) {
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
                MultiBitKeyFormats.readSeededMultiBitBootstrapKey(
                    new ByteArrayInputStream(blob), SET);
              } else {
                MultiBitKeyFormats.readSeededMultiBitBootstrapKey(blob, SET);
              }
            });
    assertThat(e).as("blob of %d bytes must be refused", blob.length).isNotNull();
    return e;
  }

  @Test
  void wrongKindOrParameterSet_isRefused() {
    assertThatThrownBy(() -> MultiBitKeyFormats.readMultiBitBootstrapKey(seededBlob, SET))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND))
        .hasMessageContaining(
            "expected kind MULTI_BIT_BOOTSTRAP_KEY, found SEEDED_MULTI_BIT_BOOTSTRAP_KEY");
    assertThatThrownBy(
            () ->
                MultiBitKeyFormats.readSeededMultiBitBootstrapKey(
                    seededBlob, ParameterSets.MULTI_BIT_GROUP_2_MESSAGE_1_CARRY_1_TUNIFORM_2M128))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_SET));
    assertThatThrownBy(() -> KeyFormats.readSeededLweBootstrapKey(seededBlob, SET.parameters()))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND));
  }

  @Test
  void lyingPayloadLength_isRefusedBeforeAllocating() {
    byte[] payload = payload();
    for (long lie : new long[] {payload.length - 8L, payload.length + 8L, 1L << 40}) {
      byte[] forged = forge(payload, lie);
      BlobFormatException e =
          catchThrowableOfType(
              BlobFormatException.class,
              () ->
                  MultiBitKeyFormats.readSeededMultiBitBootstrapKey(
                      new ByteArrayInputStream(forged), SET));
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.LENGTH);
    }
  }

  @Test
  void shapeOfAnotherGroupingFactor_isRefused() {
    byte[] payload = payload();
    // Same length, but the shape says g = 2.
    ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
    assertThatThrownBy(
            () ->
                MultiBitKeyFormats.readSeededMultiBitBootstrapKey(
                    forge(payload, payload.length), SET))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining("shape in the blob [801, 2, 2, 1024, 22, 1]")
        .hasMessageContaining("expected [801, 3, 2, 1024, 22, 1]");
  }

  @Test
  void keyOfAnotherShape_isRefusedOnWrite() {
    assertThatThrownBy(
            () ->
                MultiBitKeyFormats.toBytes(
                    seeded, ParameterSets.MULTI_BIT_GROUP_2_MESSAGE_1_CARRY_1_TUNIFORM_2M128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match parameter set");
  }

  private static byte[] payload() {
    return Arrays.copyOfRange(
        seededBlob, BlobFormat.headerLength(SET.id().length()), seededBlob.length - 4);
  }

  private static byte[] forge(byte[] payload, long declaredLength) {
    return BlobTestSupport.seal(
        BlobTestSupport.forgeHeader(
            1, BlobKind.SEEDED_MULTI_BIT_BOOTSTRAP_KEY.code(), SET.id(), declaredLength),
        payload);
  }
}
