package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchedGlweCiphertextList;
import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedOutputFormatsTest {
  private static final ParameterSet SET = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128;
  private static final PackingKeyswitchParameters SHAPE = PackingKeyswitchParameters.of(SET);

  @Test
  void packedListRoundTripsAtEveryWidthAndCount() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("PackedOutputFormatsTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int count : new int[] {1, 10, 256, 257, 600}) {
      for (int bits : new int[] {1, 13, 14, 33, 63}) {
        int shift = 64 - bits;
        long[] values =
            rnd.longs(
                    ModulusSwitchedGlweCiphertextList.valueCount(
                        SHAPE.glweDimension(), SHAPE.polynomialSize(), count))
                .map(v -> v >>> shift)
                .toArray();
        ModulusSwitchedGlweCiphertextList list =
            new ModulusSwitchedGlweCiphertextList(
                values,
                SHAPE.glweDimension(),
                SHAPE.polynomialSize(),
                count,
                new CiphertextModulusLog(bits));
        byte[] blob = CiphertextFormats.toBytes(list, SET);
        assertThat((long) blob.length)
            .isEqualTo(
                CiphertextFormats.packedGlweBlobLength(SET, count, new CiphertextModulusLog(bits)));
        ModulusSwitchedGlweCiphertextList back =
            CiphertextFormats.readModulusSwitchedGlweCiphertextList(blob, SET);
        assertThat(back.values()).isEqualTo(values);
        assertThat(back.count()).isEqualTo(count);
      }
    }
  }

  @Test
  void hostilePackedListsAreRefusedWithTheReason() {
    int k = SHAPE.glweDimension().value();
    int bigN = SHAPE.polynomialSize().value();
    // 1 ciphertext at 8 bits: k·N mask values and 1 body = 2049 bytes
    int bytes = k * bigN + 1;
    assertRefused(payload(k, bigN, 2, 8, bytes), Reason.LENGTH, "declares 2 ciphertexts");
    assertRefused(payload(k, bigN, 0, 8, bytes), Reason.CONTENT, "at least 1");
    assertRefused(payload(k, bigN, -1, 8, bytes), Reason.CONTENT, "4294967295 ciphertexts");
    assertRefused(payload(k, bigN, 1, 64, bytes), Reason.CONTENT, "64 bits per value");
    assertRefused(payload(k + 1, bigN, 1, 8, bytes), Reason.CONTENT, "packs into k=8, N=256");
    assertRefused(payload(k / 2, bigN * 2, 1, 8, bytes), Reason.CONTENT, "packs into");
    byte[] short5 =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                1, BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST.code(), SET.id(), 5),
            new byte[5]);
    assertRefused(short5, Reason.LENGTH, "shorter than its");
  }

  @Test
  void evaluationKeysCarryThePackingKeyAndOldBlobsStillRead() throws Exception {
    ClientKey client = ClientKey.generate(SET);
    SeededEvaluationKeys withPacking = SeededEvaluationKeys.generateWithPackingKey(client);
    byte[] blob = EvaluationKeyFormats.toBytes(withPacking);
    long added =
        EvaluationKeyFormats.blobLength(SET, true, true)
            - EvaluationKeyFormats.blobLength(SET, true, false);
    System.out.printf(
        "evaluation keys of %s: %d bytes, %d of them the packing key%n",
        SET.id(), blob.length, added);
    assertThat((long) blob.length).isEqualTo(EvaluationKeyFormats.blobLength(SET, true, true));
    // the bodies, n_in·N' u64, and a nested blob frame, shape and seed of a few dozen bytes
    assertThat(added - SHAPE.inputDimension().value() * 256L * 8).isBetween(36L, 200L);

    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    EvaluationKeyFormats.copyVerified(new ByteArrayInputStream(blob), copy);
    assertThat(copy.toByteArray()).isEqualTo(blob);

    EvaluationKeys keys = EvaluationKeyFormats.readEvaluationKeys(blob, SET);
    assertThat(keys.packingKeyswitchKey()).isPresent();
    assertThat(keys.packingKeyswitchKey().get().rows())
        .isDeepEqualTo(
            SeededCompression.decompressNew(withPacking.packingKeyswitchKey().get()).rows());

    SeededEvaluationKeys without =
        new SeededEvaluationKeys(SET, withPacking.keyswitchKey(), withPacking.bootstrapKey());
    byte[] old = EvaluationKeyFormats.toBytes(without);
    assertThat(EvaluationKeyFormats.readEvaluationKeys(old, SET).packingKeyswitchKey()).isEmpty();
    EvaluationKeyFormats.copyVerified(
        new ByteArrayInputStream(old), OutputStream.nullOutputStream());

    // a blob whose length lies between the two genuine ones is refused naming both
    byte[] cut = Arrays.copyOf(blob, blob.length - 8);
    assertThatThrownBy(
            () ->
                EvaluationKeyFormats.copyVerified(
                    new ByteArrayInputStream(cut), OutputStream.nullOutputStream()))
        .isInstanceOf(BlobFormatException.class);
  }

  /**
   * A packing key of the big key's GLWE form (k' = 32) for the nets' set, which packs under the
   * 2048-dimensional compression key, is refused on its shape, before its 32 MiB of bodies are read
   * or allocated (the stream here ends right after the shape).
   */
  @Test
  void packingKeyOfAnotherShape_isRefusedForTheNetsSetBeforeItsBodies() {
    ParameterSet nets = ParameterSets.widened(ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64, 12);
    PackingKeyswitchParameters shape = PackingKeyswitchParameters.of(nets);
    byte[] header =
        BlobTestSupport.forgeHeader(
            1,
            BlobKind.SEEDED_LWE_PACKING_KEYSWITCH_KEY.code(),
            nets.id(),
            KeyFormats.packingKeyswitchKeyPayloadLength(nets));
    ByteBuffer b = ByteBuffer.allocate(header.length + 20).order(ByteOrder.LITTLE_ENDIAN);
    b.put(header).putInt(8192).putInt(32).putInt(256).putInt(22).putInt(1);
    assertThatThrownBy(
            () ->
                KeyFormats.readSeededLwePackingKeyswitchKey(
                    new ByteArrayInputStream(b.array()), nets))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining("[8192, 32, 256, 22, 1]")
        .hasMessageContaining(
            "[8192, 8, 256, " + shape.baseLog().value() + ", " + shape.levelCount().value() + "]");
  }

  private static byte[] payload(int k, int bigN, int count, int bits, int valueBytes) {
    ByteBuffer p = ByteBuffer.allocate(13 + valueBytes).order(ByteOrder.LITTLE_ENDIAN);
    p.putInt(k).putInt(bigN).putInt(count).put((byte) bits);
    return BlobTestSupport.seal(
        BlobTestSupport.forgeHeader(
            1, BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST.code(), SET.id(), p.capacity()),
        p.array());
  }

  private static void assertRefused(byte[] blob, Reason reason, String message) {
    assertThatThrownBy(() -> CiphertextFormats.readModulusSwitchedGlweCiphertextList(blob, SET))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
