package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientKeystoreTest {
  private static final ParameterSet SET = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;

  /** Fewer PBKDF2 iterations than the default keep the suite fast; the format is the same. */
  private static final int TEST_ITERATIONS = ClientKeystore.MIN_ITERATIONS;

  @TempDir Path dir;

  private static void assertSameKey(ClientKey expected, ClientKey found) {
    assertThat(found.parameters()).isEqualTo(expected.parameters());
    assertThat(found.lweSecretKey(InsecureSecretKeyAccess.get()).data())
        .isEqualTo(expected.lweSecretKey(InsecureSecretKeyAccess.get()).data());
    assertThat(found.glweSecretKey(InsecureSecretKeyAccess.get()).data())
        .isEqualTo(expected.glweSecretKey(InsecureSecretKeyAccess.get()).data());
    for (long m = 0; m < expected.parameters().messageModulus(); m++) {
      LweCiphertext c = expected.encrypt(m);
      assertThat(found.decrypt(c)).isEqualTo(m);
    }
  }

  @Test
  void shouldRoundTripAnUnprotectedKeystoreWithOwnerOnlyPermissions() throws IOException {
    ClientKey key = ClientKey.generate(SET);
    Path file = dir.resolve("client.keystore");
    ClientKeystore.save(file, key, null);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertSameKey(key, ClientKeystore.load(file, null));
    assertSameKey(key, ClientKeystore.load(file, null, SET));
    assertThat(BlobReader.readHeader(Files.readAllBytes(file)).kind())
        .isEqualTo(BlobKind.CLIENT_KEYSTORE);
    // Replacing an existing, more permissive file leaves it owner-only too.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ClientKeystore.save(file, key, null);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void shouldRoundTripAPasswordProtectedKeystore() throws IOException {
    ClientKey key = ClientKey.generate(SET);
    Path file = dir.resolve("protected.keystore");
    ClientKeystore.save(file, key, "correct horse".toCharArray(), TEST_ITERATIONS);
    assertSameKey(key, ClientKeystore.load(file, "correct horse".toCharArray()));
    // The secret bits do not appear in clear: the packed key bytes are not in the file.
    byte[] bytes = Files.readAllBytes(file);
    Path clear = dir.resolve("clear.keystore");
    ClientKeystore.save(clear, key, null);
    byte[] clearBytes = Files.readAllBytes(clear);
    byte[] packedGlwe =
        Arrays.copyOfRange(clearBytes, clearBytes.length - 4 - 64, clearBytes.length - 4);
    assertThat(indexOf(bytes, packedGlwe)).isEqualTo(-1);
  }

  @Test
  void wrongOrMissingPassword_isRefused() throws IOException {
    ClientKey key = ClientKey.generate(SET);
    Path file = dir.resolve("k");
    ClientKeystore.save(file, key, "secret".toCharArray(), TEST_ITERATIONS);
    assertThatThrownBy(() -> ClientKeystore.load(file, "Secret".toCharArray()))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT))
        .hasMessageContaining("wrong password or altered file");
    assertThatThrownBy(() -> ClientKeystore.load(file, null))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("a password is required");
    Path open = dir.resolve("open");
    ClientKeystore.save(open, key, null);
    assertThatThrownBy(() -> ClientKeystore.load(open, "x".toCharArray()))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("not password-protected");
  }

  @Test
  void tamperedSealedBytesWithValidChecksums_areRefusedByTheTag() throws IOException {
    Path file = dir.resolve("k");
    ClientKeystore.save(file, ClientKey.generate(SET), "pw".toCharArray(), TEST_ITERATIONS);
    byte[] blob = Files.readAllBytes(file);
    BlobHeader h = BlobReader.readHeader(blob);
    byte[] payload = Arrays.copyOfRange(blob, h.encodedLength(), blob.length - 4);
    payload[payload.length - 30] ^= 1;
    Files.write(
        file,
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(1, h.kind().code(), h.parameterSetId(), payload.length),
            payload));
    assertThatThrownBy(() -> ClientKeystore.load(file, "pw".toCharArray()))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTENT));
  }

  @Test
  void truncatedOrFlippedKeystore_isRefusedAtEveryOffset() throws IOException {
    Path file = dir.resolve("k");
    ClientKeystore.save(file, ClientKey.generate(SET), null);
    byte[] blob = Files.readAllBytes(file);
    SplittableRandom rnd = new SplittableRandom(1);
    Path bad = dir.resolve("bad");
    for (int at = 0; at < blob.length; at++) {
      Files.write(bad, Arrays.copyOf(blob, at));
      BlobFormatException cut =
          catchThrowableOfType(BlobFormatException.class, () -> ClientKeystore.load(bad, null));
      assertThat(cut).as("cut at %d", at).isNotNull();
      assertThat(cut.reason()).as("cut at %d", at).isEqualTo(Reason.TRUNCATED);
      byte[] flipped = blob.clone();
      flipped[at] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(bad, flipped);
      BlobFormatException flip =
          catchThrowableOfType(BlobFormatException.class, () -> ClientKeystore.load(bad, null));
      assertThat(flip).as("flip at %d", at).isNotNull();
    }
  }

  @Test
  void keystoreOfAnotherSet_isRefusedWhenASetIsExpected() throws IOException {
    Path file = dir.resolve("k");
    ClientKeystore.save(file, ClientKey.generate(SET), null);
    assertThatThrownBy(
            () -> ClientKeystore.load(file, null, ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_SET))
        .hasMessageContaining("found '" + SET.id() + "'");
  }

  /**
   * A keystore names its set by id: each 2^-128 set is found again on load, and refused as its
   * 2^-64 twin.
   */
  @Test
  void keystoresOfThe2M128Sets_roundTripAndAreRefusedAsThe2M64Sets() throws IOException {
    for (int i = 0; i < ParameterSets.tuniform2M128().size(); i++) {
      ParameterSet set = ParameterSets.tuniform2M128().get(i);
      ParameterSet twin = ParameterSets.tuniform2M64().get(i);
      ClientKey key = ClientKey.generate(set);
      Path file = dir.resolve(set.id());
      ClientKeystore.save(file, key, null);
      assertSameKey(key, ClientKeystore.load(file, null));
      assertThatThrownBy(() -> ClientKeystore.load(file, null, twin))
          .isInstanceOfSatisfying(
              BlobFormatException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_SET))
          .hasMessageContaining(
              "expected parameter set '" + twin.id() + "', found '" + set.id() + "'");
    }
  }

  /** The nets' widened 6-bit set: its outputs are packed under a separate compression key. */
  private static final ParameterSet NET_SET =
      ParameterSets.widened(ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64, 12);

  @Test
  void compressionKey_roundTripsUnprotectedAndProtected() throws IOException {
    ClientKey key = ClientKey.generate(NET_SET);
    long[] compression = key.compressionKey(InsecureSecretKeyAccess.get()).orElseThrow().data();
    assertThat(compression).hasSize(2048);
    Path file = dir.resolve("net.keystore");
    ClientKeystore.save(file, key, null);
    ClientKey plain = ClientKeystore.load(file, null, NET_SET);
    assertSameKey(key, plain);
    assertThat(plain.compressionKey(InsecureSecretKeyAccess.get()).orElseThrow().data())
        .isEqualTo(compression);
    char[] password = "correct horse".toCharArray();
    ClientKeystore.save(file, key, password, TEST_ITERATIONS);
    assertThat(
            ClientKeystore.load(file, password)
                .compressionKey(InsecureSecretKeyAccess.get())
                .orElseThrow()
                .data())
        .isEqualTo(compression);
  }

  /**
   * A keystore written before compression keys (the same bytes as one of a key without it) loads as
   * a key without one, which packs no outputs.
   */
  @Test
  void keystoreWithoutTheCompressionSection_loadsWithoutACompressionKey() throws IOException {
    ClientKey full = ClientKey.generate(NET_SET);
    ClientKey old =
        new ClientKey(
            NET_SET,
            full.lweSecretKey(InsecureSecretKeyAccess.get()),
            full.glweSecretKey(InsecureSecretKeyAccess.get()),
            InsecureSecretKeyAccess.get());
    Path file = dir.resolve("old.keystore");
    ClientKeystore.save(file, old, null);
    ClientKey loaded = ClientKeystore.load(file, null);
    assertSameKey(old, loaded);
    assertThat(loaded.compressionKey(InsecureSecretKeyAccess.get())).isEmpty();
    assertThat(loaded.packingOutputKey(InsecureSecretKeyAccess.get())).isEmpty();
    // and a set that packs under the big key has no compression section to carry
    assertThat(ClientKey.generate(SET).compressionKey(InsecureSecretKeyAccess.get())).isEmpty();
  }

  @Test
  void compressionSectionOfTheWrongShapeOrLength_isRefused() throws IOException {
    Path file = dir.resolve("net.keystore");
    ClientKeystore.save(file, ClientKey.generate(NET_SET), null);
    byte[] blob = Files.readAllBytes(file);
    int headerLength = BlobFormat.headerLength(NET_SET.id().length());
    byte[] payload = Arrays.copyOfRange(blob, headerLength, blob.length - 4);
    int section =
        1
            + 12
            + (NET_SET.lweDimension().value() + 7) / 8
            + (NET_SET.bigLweDimension().value() + 7) / 8;
    // k' = 4, N' = 512: as many bits, another shape
    byte[] reshaped = payload.clone();
    java.nio.ByteBuffer.wrap(reshaped, section, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt(4)
        .putInt(512);
    Path bad = dir.resolve("bad");
    Files.write(bad, forged(reshaped));
    assertThatThrownBy(() -> ClientKeystore.load(bad, null))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("compression key shape")
        .hasMessageContaining("k'=8, N'=256")
        .hasMessageContaining("k'=4, N'=512");
    for (int cut : new int[] {1, 8, 100, payload.length - section - 1}) {
      Files.write(bad, forged(Arrays.copyOf(payload, payload.length - cut)));
      BlobFormatException e =
          catchThrowableOfType(BlobFormatException.class, () -> ClientKeystore.load(bad, null));
      assertThat(e).as("section cut by %d bytes", cut).isNotNull();
      assertThat(e.reason()).isEqualTo(Reason.LENGTH);
      assertThat(e).hasMessageContaining("with its compression key");
    }
    // without the whole section it is a keystore of the old format
    Files.write(bad, forged(Arrays.copyOf(payload, section)));
    assertThat(ClientKeystore.load(bad, null).compressionKey(InsecureSecretKeyAccess.get()))
        .isEmpty();
    // a compression section on a set that packs under the big key
    ClientKeystore.save(file, ClientKey.generate(SET), null);
    byte[] small = Files.readAllBytes(file);
    byte[] smallPayload =
        Arrays.copyOfRange(small, BlobFormat.headerLength(SET.id().length()), small.length - 4);
    byte[] extended = Arrays.copyOf(smallPayload, smallPayload.length + 8 + 256);
    Files.write(
        bad,
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(
                BlobFormat.VERSION, BlobKind.CLIENT_KEYSTORE.code(), SET.id(), extended.length),
            extended));
    assertThatThrownBy(() -> ClientKeystore.load(bad, null))
        .isInstanceOf(BlobFormatException.class)
        .hasMessageContaining("bytes, found");
  }

  private static byte[] forged(byte[] payload) {
    return BlobTestSupport.seal(
        BlobTestSupport.forgeHeader(
            BlobFormat.VERSION, BlobKind.CLIENT_KEYSTORE.code(), NET_SET.id(), payload.length),
        payload);
  }

  @Test
  void unknownParameterSet_isRefused() throws IOException {
    Path file = dir.resolve("k");
    Files.write(
        file,
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(1, BlobKind.CLIENT_KEYSTORE.code(), "NO_SUCH_SET", 1),
            new byte[] {0}));
    assertThatThrownBy(() -> ClientKeystore.load(file, null))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_SET))
        .hasMessageContaining("NO_SUCH_SET");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
