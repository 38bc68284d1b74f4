package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.ModulusSwitchedLweCiphertextList;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededLweCiphertextList;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CiphertextFormatsTest {
  private static final ParameterSet SET2 = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;
  private static final ParameterSet SET4 = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;

  private static Seed seed(int i) {
    byte[] b = new byte[Seed.BYTES];
    Arrays.fill(b, (byte) i);
    return Seed.fromBytes(b);
  }

  static LweSecretKey bigKey(ParameterSet set, int seed) {
    long[] s = new long[set.bigLweDimension().value()];
    NoiseGenerator.fromSeed(seed(seed)).fillBinary(s);
    return new LweSecretKey(s, set.bigLweDimension());
  }

  /** Padded decoding: round the phase to the nearest multiple of Δ, drop the padding bit. */
  static long decode(long phase, ParameterSet set) {
    int log2Delta = 63 - set.messageBits();
    return ((phase + (1L << (log2Delta - 1))) >>> log2Delta) & (set.messageModulus() - 1);
  }

  private static long[] messages(ParameterSet set, int count, long seed) {
    return new SplittableRandom(seed).longs(count, 0, set.messageModulus()).toArray();
  }

  private static long[] encode(long[] messages, ParameterSet set) {
    return Arrays.stream(messages).map(m -> m * set.delta()).toArray();
  }

  @Test
  void shouldRoundTripPlainAndSeededListsAndDecryptTheSameMessages() throws IOException {
    for (ParameterSet set : List.of(SET2, SET4)) {
      LweSecretKey key = bigKey(set, 1);
      long[] msgs = messages(set, 250, 2);
      SeededLweCiphertextList seeded =
          SeededCompression.encryptListNew(
              key, encode(msgs, set), set.glweNoise(), seed(3), NoiseGenerator.fromSeed(seed(4)));
      byte[] seededBlob = CiphertextFormats.toBytes(seeded, set);
      // <= 8 bytes per value plus a constant per list.
      assertThat((long) seededBlob.length)
          .isEqualTo(CiphertextFormats.seededBlobLength(set, msgs.length));
      assertThat(seededBlob.length - 8L * msgs.length)
          .isEqualTo(CiphertextFormats.seededBlobLength(set, 0));

      SeededLweCiphertextList back = CiphertextFormats.readSeededLweCiphertextList(seededBlob, set);
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      CiphertextFormats.write(streamed, seeded, set);
      assertThat(streamed.toByteArray()).isEqualTo(seededBlob);
      SeededLweCiphertextList backStreamed =
          CiphertextFormats.readSeededLweCiphertextList(new ByteArrayInputStream(seededBlob), set);
      assertThat(back.bodies()).isEqualTo(seeded.bodies()).isEqualTo(backStreamed.bodies());
      assertThat(back.seed()).isEqualTo(seeded.seed());

      LweCiphertextList expanded = SeededCompression.decompressNew(back);
      byte[] plainBlob = CiphertextFormats.toBytes(expanded, set);
      assertThat(plainBlob.length)
          .isGreaterThan(seededBlob.length * (set.bigLweDimension().value() / 2));
      LweCiphertextList plain = CiphertextFormats.readLweCiphertextList(plainBlob, set);
      assertThat(
              CiphertextFormats.readLweCiphertextList(new ByteArrayInputStream(plainBlob), set)
                  .data())
          .isEqualTo(plain.data());
      for (int i = 0; i < msgs.length; i++) {
        assertThat(decode(LweEncryption.decryptPhase(key, plain, i), set))
            .as("%s #%d", set.id(), i)
            .isEqualTo(msgs[i]);
      }
    }
  }

  @Test
  void shouldStoreSeededListsAtEightBytesPerValue() {
    System.out.printf(
        "seeded list blob for %s: %d bytes + 8 per value; plain: %d bytes per value%n",
        SET4.id(),
        CiphertextFormats.seededBlobLength(SET4, 0),
        8 * SET4.bigLweDimension().toLweSize());
    assertThat(
            CiphertextFormats.seededBlobLength(SET4, 1000)
                - CiphertextFormats.seededBlobLength(SET4, 0))
        .isEqualTo(8000);
    assertThat(CiphertextFormats.seededBlobLength(SET4, 0)).isLessThan(128);
  }

  private static byte[] smallSeededBlob() {
    LweSecretKey key = bigKey(SET4, 5);
    return CiphertextFormats.toBytes(
        SeededCompression.encryptListNew(
            key,
            encode(messages(SET4, 12, 6), SET4),
            SET4.glweNoise(),
            seed(7),
            NoiseGenerator.fromSeed(seed(8))),
        SET4);
  }

  @Test
  void truncatedOrFlippedList_isRefusedAtEveryOffset() {
    byte[] blob = smallSeededBlob();
    SplittableRandom rnd = new SplittableRandom(9);
    for (int at = 0; at < blob.length; at++) {
      byte[] cut = Arrays.copyOf(blob, at);
      BlobFormatException e =
          catchThrowableOfType(
              BlobFormatException.class,
              () -> CiphertextFormats.readSeededLweCiphertextList(cut, SET4));
      assertThat(e).as("cut at %d", at).isNotNull();
      assertThat(e.reason()).as("cut at %d: %s", at, e.getMessage()).isEqualTo(Reason.TRUNCATED);
      BlobFormatException es =
          catchThrowableOfType(
              BlobFormatException.class,
              () ->
                  CiphertextFormats.readSeededLweCiphertextList(
                      new ByteArrayInputStream(cut), SET4));
      assertThat(es.reason())
          .as("stream cut at %d: %s", at, es.getMessage())
          .isEqualTo(Reason.TRUNCATED);

      byte[] flipped = blob.clone();
      flipped[at] ^= (byte) (1 << rnd.nextInt(8));
      for (boolean streamed : new boolean[] {false, true}) {
        BlobFormatException f =
            catchThrowableOfType(
                BlobFormatException.class,
                () -> {
                  if (streamed) {
                    CiphertextFormats.readSeededLweCiphertextList(
                        new ByteArrayInputStream(flipped), SET4);
                  } else {
                    CiphertextFormats.readSeededLweCiphertextList(flipped, SET4);
                  }
                });
        assertThat(f).as("flip at %d, streamed %s", at, streamed).isNotNull();
        assertThat(f.reason())
            .as("flip at %d: %s", at, f.getMessage())
            .isIn(Reason.MAGIC, Reason.VERSION, Reason.CHECKSUM, Reason.LENGTH, Reason.TRUNCATED);
      }
    }
  }

  @Test
  void wrongKind_isRefused() {
    byte[] seeded = smallSeededBlob();
    assertThatThrownBy(() -> CiphertextFormats.readLweCiphertextList(seeded, SET4))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND))
        .hasMessageContaining(
            "expected kind LWE_CIPHERTEXT_LIST, found SEEDED_LWE_CIPHERTEXT_LIST");
  }

  @Test
  void wrongParameterSet_isRefused() {
    byte[] seeded = smallSeededBlob();
    assertThatThrownBy(() -> CiphertextFormats.readSeededLweCiphertextList(seeded, SET2))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_SET))
        .hasMessageContaining(
            "expected parameter set '" + SET2.id() + "', found '" + SET4.id() + "'");
  }

  @Test
  void wrongVersion_isRefused() {
    byte[] blob = smallSeededBlob();
    BlobHeader h = BlobReader.readHeader(blob);
    byte[] forged =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(7, h.kind().code(), h.parameterSetId(), h.payloadLength()),
            Arrays.copyOfRange(blob, h.encodedLength(), blob.length - 4));
    assertThatThrownBy(() -> CiphertextFormats.readSeededLweCiphertextList(forged, SET4))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
        .hasMessageContaining("expected format version 1, found 7");
  }

  /** A blob sealed with valid checksums around a payload whose count lies. */
  private static byte[] sealedSeededList(int n, int declaredCount, int actualBodies) {
    ByteBuffer p = ByteBuffer.allocate(8 + 16 + 8 * actualBodies).order(ByteOrder.LITTLE_ENDIAN);
    p.putInt(n).putInt(declaredCount);
    byte[] payload = p.array();
    return BlobTestSupport.seal(
        BlobTestSupport.forgeHeader(
            1, BlobKind.SEEDED_LWE_CIPHERTEXT_LIST.code(), SET4.id(), payload.length),
        payload);
  }

  @Test
  void lyingCount_isRefusedWithoutAllocating() {
    int n = SET4.bigLweDimension().value();
    for (int lie : new int[] {11, 9, Integer.MAX_VALUE, -1, 0x20000000}) {
      byte[] blob = sealedSeededList(n, lie, 10);
      for (boolean streamed : new boolean[] {false, true}) {
        BlobFormatException e =
            catchThrowableOfType(
                BlobFormatException.class,
                () -> {
                  if (streamed) {
                    CiphertextFormats.readSeededLweCiphertextList(
                        new ByteArrayInputStream(blob), SET4);
                  } else {
                    CiphertextFormats.readSeededLweCiphertextList(blob, SET4);
                  }
                });
        assertThat(e.reason()).as("count %d: %s", lie, e.getMessage()).isEqualTo(Reason.LENGTH);
        assertThat(e.getMessage())
            .contains("list declares " + Integer.toUnsignedString(lie) + " items")
            .contains("holds 80 bytes");
      }
    }
    assertThat(
            CiphertextFormats.readSeededLweCiphertextList(sealedSeededList(n, 10, 10), SET4)
                .bodies())
        .hasSize(10);
  }

  @Test
  void dimensionForeignToTheSet_isRefused() {
    byte[] blob = sealedSeededList(1000, 10, 10);
    assertThatThrownBy(() -> CiphertextFormats.readSeededLweCiphertextList(blob, SET4))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining(
            "LWE dimension 1000 does not belong to parameter set "
                + SET4.id()
                + " (expected 2048 or 879)");
    LweCiphertextList foreign =
        LweEncryption.encryptListNew(
            bigKey(SET2, 1),
            new long[1],
            SET2.glweNoise(),
            MaskGenerator.fromSeed(seed(1)),
            NoiseGenerator.fromSeed(seed(2)));
    assertThat(foreign.dimension()).isEqualTo(new LweDimension(2048));
    // The 2-bit set's big dimension (4·512) equals the 4-bit set's, so the check is on the small
    // one too.
    assertThatThrownBy(
            () ->
                CiphertextFormats.toBytes(
                    LweEncryption.encryptListNew(
                        new LweSecretKey(new long[839], new LweDimension(839)),
                        new long[1],
                        SET2.lweNoise(),
                        MaskGenerator.fromSeed(seed(1)),
                        NoiseGenerator.fromSeed(seed(2))),
                    SET4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(expected 2048 or 879)");
  }

  @Test
  void shouldRoundTripModulusSwitchedListsAtTheirBitWidth() throws IOException {
    LweSecretKey key = bigKey(SET4, 11);
    long[] msgs = messages(SET4, 37, 12);
    LweCiphertextList list =
        LweEncryption.encryptListNew(
            key,
            encode(msgs, SET4),
            SET4.glweNoise(),
            MaskGenerator.fromSeed(seed(13)),
            NoiseGenerator.fromSeed(seed(14)));
    for (int bits : new int[] {1, 7, 14, 33, 63}) {
      ModulusSwitchedLweCiphertextList switched =
          ModulusSwitchCompression.compressNew(list, new CiphertextModulusLog(bits));
      byte[] blob = CiphertextFormats.toBytes(switched, SET4);
      long values = 37L * SET4.bigLweDimension().toLweSize();
      assertThat(BlobReader.readHeader(blob).payloadLength())
          .isEqualTo(9 + (values * bits + 7) / 8);
      assertThat(CiphertextFormats.readModulusSwitchedLweCiphertextList(blob, SET4).values())
          .isEqualTo(switched.values());
      assertThat(
              CiphertextFormats.readModulusSwitchedLweCiphertextList(
                      new ByteArrayInputStream(blob), SET4)
                  .values())
          .isEqualTo(switched.values());
    }
    ModulusSwitchedLweCiphertextList fourteen =
        ModulusSwitchCompression.compressNew(list, new CiphertextModulusLog(14));
    byte[] blob = CiphertextFormats.toBytes(fourteen, SET4);
    System.out.printf(
        "output list of %s at 14 bits: %d bytes per value (plain %d)%n",
        SET4.id(),
        (BlobReader.readHeader(blob).payloadLength() - 9) / 37,
        8 * SET4.bigLweDimension().toLweSize());
    LweCiphertextList back =
        ModulusSwitchCompression.decompressNew(
            CiphertextFormats.readModulusSwitchedLweCiphertextList(blob, SET4));
    for (int i = 0; i < msgs.length; i++) {
      assertThat(decode(LweEncryption.decryptPhase(key, back, i), SET4)).isEqualTo(msgs[i]);
    }
  }

  @Test
  void modulusSwitchedListWithLyingCountOrBadBits_isRefused() {
    int n = SET4.bigLweDimension().value();
    // 1 ciphertext at 8 bits = 2049 bytes; declare 2.
    ByteBuffer p = ByteBuffer.allocate(9 + 2049).order(ByteOrder.LITTLE_ENDIAN);
    p.putInt(n).putInt(2).put((byte) 8);
    byte[] lying =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                1, BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST.code(), SET4.id(), p.capacity()),
            p.array());
    assertThatThrownBy(() -> CiphertextFormats.readModulusSwitchedLweCiphertextList(lying, SET4))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH))
        .hasMessageContaining("declares 2 ciphertexts");
    p.putInt(4, 1).put(8, (byte) 64);
    byte[] badBits =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                1, BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST.code(), SET4.id(), p.capacity()),
            p.array());
    assertThatThrownBy(() -> CiphertextFormats.readModulusSwitchedLweCiphertextList(badBits, SET4))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining("64 bits per value");
    // 1 ciphertext at 7 bits: 2049·7 = 14343 bits, 1 unused bit in the last byte, which must be 0.
    ByteBuffer q = ByteBuffer.allocate(9 + 1793).order(ByteOrder.LITTLE_ENDIAN);
    q.putInt(n).putInt(1).put((byte) 7);
    q.put(9 + 1792, (byte) 0x80);
    byte[] padding =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                1, BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST.code(), SET4.id(), q.capacity()),
            q.array());
    assertThatThrownBy(() -> CiphertextFormats.readModulusSwitchedLweCiphertextList(padding, SET4))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining("padding bits");
  }

  @Test
  void shouldCarryAClientsSeededInputsToAServer() {
    ClientKey client = ClientKey.generate(SET4);
    long[] msgs = messages(SET4, 500, 21);
    byte[] wire = CiphertextFormats.toBytes(client.encryptSeeded(msgs), SET4);
    assertThat((long) wire.length).isEqualTo(CiphertextFormats.seededBlobLength(SET4, msgs.length));
    assertThatThrownBy(() -> CiphertextFormats.readSeededLweCiphertextList(wire, SET4, 499))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH))
        .hasMessageContaining("expected a seeded list of 499 ciphertexts, found 500");
    LweCiphertextList onServer =
        SeededCompression.decompressNew(
            CiphertextFormats.readSeededLweCiphertextList(wire, SET4, 500));
    for (int i = 0; i < msgs.length; i++) {
      assertThat(client.decrypt(onServer.get(i))).isEqualTo(msgs[i]);
    }
  }
}
