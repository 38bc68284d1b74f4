package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.Evaluator;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationKeyFormatsTest {
  private static final ParameterSet SET = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;

  /** Bootstraps every message through a random table with {@code keys}; all must be right. */
  private static void assertBootstrapsCorrectly(ClientKey client, EvaluationKeys keys, long seed) {
    Evaluator evaluator = new Evaluator(keys);
    ParameterSet set = client.parameters();
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] table = rnd.longs(set.messageModulus(), 0, set.messageModulus()).toArray();
    LookupTable lut = evaluator.lookupTable(m -> table[(int) m]);
    for (long m = 0; m < set.messageModulus(); m++) {
      LweCiphertext out = evaluator.bootstrap(client.encrypt(m), lut);
      assertThat(client.decrypt(out)).as("f(%d)", m).isEqualTo(table[(int) m]);
    }
  }

  @Test
  void evaluationKeysWithARetiredSixtyFourBitKeyswitchKey_areRefusedNamingTheFormat() {
    // Format-1 seeded evaluation keys were longer by 4 bytes per key-switching body (u64 instead of
    // u32).
    long format1 =
        EvaluationKeyFormats.blobLength(SET, true)
            - BlobFormat.headerLength(SET.id().length())
            - BlobFormat.TRAILER_LENGTH
            + 4L * SET.bigLweDimension().value() * SET.ksLevel().value();
    byte[] old =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                1, BlobKind.SEEDED_EVALUATION_KEYS.code(), SET.id(), format1),
            new byte[(int) format1]);
    BlobFormatException read =
        catchThrowableOfType(
            BlobFormatException.class, () -> EvaluationKeyFormats.readEvaluationKeys(old, SET));
    BlobFormatException upload =
        catchThrowableOfType(
            BlobFormatException.class,
            () ->
                EvaluationKeyFormats.copyVerified(
                    new ByteArrayInputStream(old), OutputStream.nullOutputStream()));
    for (BlobFormatException e : new BlobFormatException[] {read, upload}) {
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.VERSION);
      assertThat(e)
          .hasMessageContaining("key-switching key in format 1 (64-bit elements)")
          .hasMessageContaining("regenerate the evaluation keys");
    }
  }

  /**
   * The 2^-128 4-bit set has the same shape as {@link #SET} but for n (918 instead of 879): its
   * seeded keys round-trip and bootstrap correctly (centered-mean switch), and a blob of either set
   * is refused for the other, before any key material is read.
   */
  @Test
  void shouldRoundTripEvaluationKeysOfThe2M128Set_andRefuseThemForAnotherSet() throws Exception {
    ParameterSet set128 = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128;
    ClientKey client = ClientKey.generate(set128);
    SeededEvaluationKeys seeded = SeededEvaluationKeys.generate(client);
    byte[] blob = EvaluationKeyFormats.toBytes(seeded);
    assertThat((long) blob.length).isEqualTo(EvaluationKeyFormats.blobLength(set128, true));
    assertThat(BlobReader.readHeader(blob).parameterSetId())
        .isEqualTo("V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128");
    EvaluationKeys back =
        EvaluationKeyFormats.readEvaluationKeys(new ByteArrayInputStream(blob), set128);
    assertThat(back.keyswitchKey().rows())
        .isDeepEqualTo(SeededCompression.decompressNew(seeded.keyswitchKey()).rows());
    assertBootstrapsCorrectly(client, back, 4);
    System.out.printf("evaluation keys of %s: seeded %d bytes%n", set128.id(), blob.length);

    byte[] blob64 =
        EvaluationKeyFormats.toBytes(SeededEvaluationKeys.generate(ClientKey.generate(SET)));
    for (Object[] c : new Object[][] {{blob, SET, set128}, {blob64, set128, SET}}) {
      BlobFormatException e =
          catchThrowableOfType(
              BlobFormatException.class,
              () -> EvaluationKeyFormats.readEvaluationKeys((byte[]) c[0], (ParameterSet) c[1]));
      assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.PARAMETER_SET);
      assertThat(e)
          .hasMessageContaining(
              "expected parameter set '"
                  + ((ParameterSet) c[1]).id()
                  + "', found '"
                  + ((ParameterSet) c[2]).id()
                  + "'");
    }
  }

  @Test
  void shouldRoundTripSeededAndPlainEvaluationKeysThatBootstrapCorrectly() throws Exception {
    ClientKey client = ClientKey.generate(SET);
    SeededEvaluationKeys seeded = SeededEvaluationKeys.generate(client);
    byte[] seededBlob = EvaluationKeyFormats.toBytes(seeded);
    assertThat((long) seededBlob.length).isEqualTo(EvaluationKeyFormats.blobLength(SET, true));
    assertThat(BlobReader.readHeader(seededBlob).kind()).isEqualTo(BlobKind.SEEDED_EVALUATION_KEYS);
    assertThat(seededBlob.length).isLessThanOrEqualTo(40_000_000);

    // The registry's upload check copies the bytes unchanged.
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    BlobHeader checked =
        EvaluationKeyFormats.copyVerified(new ByteArrayInputStream(seededBlob), copy);
    assertThat(checked.parameterSetId()).isEqualTo(SET.id());
    assertThat(copy.toByteArray()).isEqualTo(seededBlob);

    EvaluationKeys fromSeeded =
        EvaluationKeyFormats.readEvaluationKeys(new ByteArrayInputStream(seededBlob), SET);
    assertBootstrapsCorrectly(client, fromSeeded, 1);

    // The plain form of the same keys: masks regenerated, standard-domain bootstrap key.
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    EvaluationKeyFormats.write(
        plain,
        SET,
        SeededCompression.decompressNew(seeded.keyswitchKey()),
        SeededCompression.decompressNew(seeded.bootstrapKey()));
    byte[] plainBlob = plain.toByteArray();
    assertThat((long) plainBlob.length).isEqualTo(EvaluationKeyFormats.blobLength(SET, false));
    EvaluationKeys fromPlain = EvaluationKeyFormats.readEvaluationKeys(plainBlob, SET);
    assertThat(fromPlain.keyswitchKey().rows()).isDeepEqualTo(fromSeeded.keyswitchKey().rows());
    assertThat(fromPlain.bootstrapKey().data()).isEqualTo(fromSeeded.bootstrapKey().data());
    assertBootstrapsCorrectly(client, fromPlain, 2);
    System.out.printf(
        "evaluation keys of %s: plain %d bytes, seeded %d bytes%n",
        SET.id(), plainBlob.length, seededBlob.length);

    // Refusals on the big blob: truncation, a flipped body byte, the wrong set.
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 12; i++) {
      int at = rnd.nextInt(seededBlob.length);
      BlobFormatException cut =
          catchThrowableOfType(
              BlobFormatException.class,
              () ->
                  EvaluationKeyFormats.readEvaluationKeys(
                      new ByteArrayInputStream(Arrays.copyOf(seededBlob, at)), SET));
      assertThat(cut.reason())
          .as("cut at %d: %s", at, cut.getMessage())
          .isEqualTo(Reason.TRUNCATED);
    }
    for (int i = 0; i < 12; i++) {
      int at = rnd.nextInt(seededBlob.length);
      BlobFormatException cut =
          catchThrowableOfType(
              BlobFormatException.class,
              () ->
                  EvaluationKeyFormats.copyVerified(
                      new ByteArrayInputStream(Arrays.copyOf(seededBlob, at)),
                      OutputStream.nullOutputStream()));
      assertThat(cut.reason())
          .as("upload cut at %d: %s", at, cut.getMessage())
          .isEqualTo(Reason.TRUNCATED);
    }
    byte[] flipped = seededBlob.clone();
    flipped[seededBlob.length / 2] ^= 0x10;
    BlobFormatException bad =
        catchThrowableOfType(
            BlobFormatException.class,
            () -> EvaluationKeyFormats.readEvaluationKeys(new ByteArrayInputStream(flipped), SET));
    assertThat(bad.reason()).isEqualTo(Reason.CHECKSUM);
    BlobFormatException badUpload =
        catchThrowableOfType(
            BlobFormatException.class,
            () ->
                EvaluationKeyFormats.copyVerified(
                    new ByteArrayInputStream(flipped), OutputStream.nullOutputStream()));
    assertThat(badUpload.reason()).isEqualTo(Reason.CHECKSUM);
    // A well-framed outer blob whose nested blobs are swapped (bootstrap key first) is refused.
    BlobHeader outer = BlobReader.readHeader(seededBlob);
    int kskBlob =
        (int)
            new BlobHeader(
                    1,
                    BlobKind.SEEDED_LWE_KEYSWITCH_KEY,
                    SET.id(),
                    KeyFormats.keyswitchKeyPayloadLength(SET, true))
                .totalLength();
    byte[] payload = Arrays.copyOfRange(seededBlob, outer.encodedLength(), seededBlob.length - 4);
    byte[] swapped = new byte[payload.length];
    System.arraycopy(payload, kskBlob, swapped, 0, payload.length - kskBlob);
    System.arraycopy(payload, 0, swapped, payload.length - kskBlob, kskBlob);
    byte[] forged =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(1, outer.kind().code(), SET.id(), swapped.length), swapped);
    BlobFormatException wrongOrder =
        catchThrowableOfType(
            BlobFormatException.class,
            () ->
                EvaluationKeyFormats.copyVerified(
                    new ByteArrayInputStream(forged), OutputStream.nullOutputStream()));
    assertThat(wrongOrder.reason()).isEqualTo(Reason.KIND);
    assertThat(wrongOrder)
        .hasMessageContaining(
            "expected kind SEEDED_LWE_KEYSWITCH_KEY, found SEEDED_LWE_BOOTSTRAP_KEY");
    // Every length and checksum right, but the key-switching key's shape is not the set's: the
    // upload check reads the shape and refuses the content.
    int kskHeader = BlobFormat.headerLength(SET.id().length());
    byte[] ksk = Arrays.copyOf(payload, kskBlob - BlobFormat.TRAILER_LENGTH);
    ksk[kskHeader] ^= 1; // n_in, the first shape field (little endian)
    byte[] reshaped = payload.clone();
    System.arraycopy(
        BlobTestSupport.seal(
            Arrays.copyOf(ksk, kskHeader), Arrays.copyOfRange(ksk, kskHeader, ksk.length)),
        0,
        reshaped,
        0,
        kskBlob);
    byte[] forgedShape =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(1, outer.kind().code(), SET.id(), reshaped.length),
            reshaped);
    BlobFormatException wrongShape =
        catchThrowableOfType(
            BlobFormatException.class,
            () ->
                EvaluationKeyFormats.copyVerified(
                    new ByteArrayInputStream(forgedShape), OutputStream.nullOutputStream()));
    assertThat(wrongShape.reason()).isEqualTo(Reason.CONTENT);
    assertThat(wrongShape)
        .hasMessageContaining(
            "SEEDED_LWE_KEYSWITCH_KEY shape in the blob ["
                + (SET.bigLweDimension().value() ^ 1)
                + ", ");
    BlobFormatException other =
        catchThrowableOfType(
            BlobFormatException.class,
            () ->
                EvaluationKeyFormats.readEvaluationKeys(
                    seededBlob, ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64));
    assertThat(other.reason()).isEqualTo(Reason.PARAMETER_SET);
  }
}
