package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlobReaderTest {
  private static final String SET = "TEST_SET_2_2";
  private static final BlobCheck CHECK = BlobCheck.of(BlobKind.LWE_CIPHERTEXT_LIST, SET);

  /**
   * A payload of one byte, one int, then {@code n} longs: misaligned so longs straddle buffer ends.
   */
  private static byte[] sample(long[] values) {
    return BlobWriter.toBytes(
        BlobKind.LWE_CIPHERTEXT_LIST,
        SET,
        1 + 4 + 8L * values.length,
        w -> {
          w.writeByte(0xA5);
          w.writeInt(values.length);
          w.writeLongs(values, 0, values.length);
        });
  }

  private static long[] randomLongs(int n, long seed) {
    return new SplittableRandom(seed).longs(n).toArray();
  }

  private static long[] decode(BlobReader r) throws IOException {
    int marker = r.readUnsignedByte();
    int n = r.readInt();
    r.requirePayload(8L * n);
    long[] v = new long[n];
    r.readLongs(v, 0, n);
    r.finish();
    // Content is only trusted after finish(): a stream decoder sees corrupt bytes before the
    // checksum.
    assertThat(marker).isEqualTo(0xA5);
    return v;
  }

  @Test
  void shouldRoundTripThroughBytesAndStreams() throws IOException {
    long[] values = randomLongs(20_011, 1);
    byte[] blob = sample(values);
    assertThat(blob).hasSize(BlobFormat.headerLength(SET.length()) + 5 + 8 * values.length + 4);
    assertThat(decode(BlobReader.open(blob, CHECK))).isEqualTo(values);
    // A stream that hands out odd-sized pieces exercises every buffer refill path.
    assertThat(decode(BlobReader.open(new TrickleInputStream(blob, 7), CHECK))).isEqualTo(values);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlobWriter w = BlobWriter.open(out, BlobKind.LWE_CIPHERTEXT_LIST, SET, 5 + 8L * values.length);
    w.writeByte(0xA5);
    w.writeInt(values.length);
    w.writeLongs(values, 0, values.length);
    w.finish();
    assertThat(out.toByteArray()).isEqualTo(blob);
  }

  @Test
  void shouldReadHeaderAndLeaveStreamAtPayload() throws IOException {
    byte[] blob = sample(new long[] {42});
    InputStream in = new ByteArrayInputStream(blob);
    BlobHeader h = BlobReader.readHeader(in);
    assertThat(h).isEqualTo(new BlobHeader(1, BlobKind.LWE_CIPHERTEXT_LIST, SET, 13));
    assertThat(in.read()).isEqualTo(0xA5);
  }

  @Test
  void shouldReadConcatenatedBlobsWithoutOverreading() throws IOException {
    long[] a = randomLongs(9_000, 2);
    long[] b = randomLongs(3, 3);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(sample(a));
    both.write(sample(b));
    InputStream in = new TrickleInputStream(both.toByteArray(), 1 << 20);
    assertThat(decode(BlobReader.open(in, CHECK))).isEqualTo(a);
    assertThat(decode(BlobReader.open(in, CHECK))).isEqualTo(b);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void shouldNestBlobsThroughPayloadStreams() throws IOException {
    byte[] inner = sample(randomLongs(100, 4));
    byte[] outer =
        BlobWriter.toBytes(
            BlobKind.EVALUATION_KEYS,
            SET,
            2L * inner.length,
            w -> {
              w.payloadStream().write(inner);
              w.payloadStream().write(inner);
            });
    BlobReader r = BlobReader.open(outer, BlobCheck.of(BlobKind.EVALUATION_KEYS, SET));
    long[] first = decode(BlobReader.open(r.payloadStream(), CHECK));
    long[] second = decode(BlobReader.open(r.payloadStream(), CHECK));
    r.finish();
    assertThat(first).isEqualTo(second).hasSize(100);
  }

  @Test
  void shouldCopyVerifiedBytesUnchanged() throws IOException {
    byte[] blob = sample(randomLongs(30_000, 5));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlobHeader h =
        BlobReader.copyVerified(
            new TrickleInputStream(blob, 1000),
            out,
            BlobCheck.anyParameterSet(BlobKind.LWE_CIPHERTEXT_LIST, BlobKind.EVALUATION_KEYS));
    assertThat(out.toByteArray()).isEqualTo(blob);
    assertThat(h.parameterSetId()).isEqualTo(SET);
    assertThat(h.totalLength()).isEqualTo(blob.length);
  }

  @Test
  void truncatedBlob_failsAtEveryOffset() {
    byte[] blob = sample(randomLongs(40, 6));
    for (int cut = 0; cut < blob.length; cut++) {
      byte[] t = Arrays.copyOf(blob, cut);
      BlobFormatException bytes =
          catchThrowableOfType(BlobFormatException.class, () -> BlobReader.verify(t, CHECK));
      assertThat(bytes).as("cut at %d", cut).isNotNull();
      assertThat(bytes.reason())
          .as("cut at %d: %s", cut, bytes.getMessage())
          .isEqualTo(Reason.TRUNCATED);
      BlobFormatException stream =
          catchThrowableOfType(
              BlobFormatException.class,
              () -> decode(BlobReader.open(new ByteArrayInputStream(t), CHECK)));
      assertThat(stream).as("cut at %d", cut).isNotNull();
      assertThat(stream.reason())
          .as("cut at %d: %s", cut, stream.getMessage())
          .isEqualTo(Reason.TRUNCATED);
    }
  }

  @Test
  void flippedByte_failsAtEveryOffsetWithTheRightReason() {
    byte[] blob = sample(randomLongs(40, 7));
    int headerLength = BlobFormat.headerLength(SET.length());
    SplittableRandom rnd = new SplittableRandom(8);
    for (int at = 0; at < blob.length; at++) {
      byte[] bad = blob.clone();
      bad[at] ^= (byte) (1 << rnd.nextInt(8));
      Reason expected = at < 4 ? Reason.MAGIC : at < 6 ? Reason.VERSION : Reason.CHECKSUM;
      for (boolean streamed : new boolean[] {false, true}) {
        BlobFormatException e =
            catchThrowableOfType(
                BlobFormatException.class,
                () -> {
                  if (streamed) {
                    decode(BlobReader.open(new ByteArrayInputStream(bad), CHECK));
                  } else {
                    decode(BlobReader.open(bad, CHECK));
                  }
                });
        assertThat(e).as("flip at %d (streamed %s)", at, streamed).isNotNull();
        if (at == 8) {
          // The id-length byte: a changed length reads a different header; either check may fire
          // first.
          assertThat(e.reason())
              .as(e.getMessage())
              .isIn(Reason.LENGTH, Reason.CHECKSUM, Reason.TRUNCATED);
        } else if (streamed && at >= headerLength) {
          // A streaming decoder may meet a corrupted count before the trailing checksum.
          assertThat(e.reason())
              .as("flip at %d: %s", at, e.getMessage())
              .isIn(Reason.CHECKSUM, Reason.LENGTH);
        } else {
          assertThat(e.reason())
              .as("flip at %d of header %d: %s", at, headerLength, e.getMessage())
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void wrongKind_fails() {
    byte[] blob = sample(new long[] {1});
    assertThatThrownBy(() -> BlobReader.verify(blob, BlobCheck.of(BlobKind.LWE_KEYSWITCH_KEY, SET)))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND))
        .hasMessageContaining("expected kind LWE_KEYSWITCH_KEY, found LWE_CIPHERTEXT_LIST");
  }

  @Test
  void unknownKindCode_fails() {
    byte[] blob = BlobTestSupport.seal(BlobTestSupport.forgeHeader(1, 999, SET, 0), new byte[0]);
    assertThatThrownBy(() -> BlobReader.verify(blob, CHECK))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KIND))
        .hasMessageContaining("Unknown blob kind code 999");
  }

  @Test
  void wrongParameterSet_fails() {
    byte[] blob = sample(new long[] {1});
    assertThatThrownBy(
            () -> BlobReader.verify(blob, BlobCheck.of(BlobKind.LWE_CIPHERTEXT_LIST, "OTHER_SET")))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PARAMETER_SET))
        .hasMessageContaining("expected parameter set 'OTHER_SET', found '" + SET + "'");
  }

  @Test
  void wrongVersion_fails() {
    byte[] blob =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(2, BlobKind.LWE_CIPHERTEXT_LIST.code(), SET, 0),
            new byte[0]);
    assertThatThrownBy(() -> BlobReader.verify(blob, CHECK))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
        .hasMessageContaining("expected format version 1, found 2");
  }

  @Test
  void notABlob_failsOnMagic() {
    assertThatThrownBy(
            () -> BlobReader.verify("{\"json\": true, \"padding\": 0}".getBytes(), CHECK))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MAGIC))
        .hasMessageContaining("expected magic 89464845, found 7b226a73");
  }

  @Test
  void lyingPayloadLength_failsWithoutAllocating() {
    byte[] payload = new byte[16];
    for (long lie : new long[] {17, 1L << 30, (1L << 31) - 1, Long.MAX_VALUE - 5000}) {
      byte[] blob =
          BlobTestSupport.seal(
              BlobTestSupport.forgeHeader(1, BlobKind.LWE_CIPHERTEXT_LIST.code(), SET, lie),
              payload);
      BlobFormatException bytes =
          catchThrowableOfType(BlobFormatException.class, () -> BlobReader.verify(blob, CHECK));
      assertThat(bytes.reason()).as(bytes.getMessage()).isIn(Reason.TRUNCATED, Reason.LENGTH);
      // Streamed: the reader may accept the header, but the content runs out, never an OOM.
      BlobFormatException stream =
          catchThrowableOfType(
              BlobFormatException.class,
              () -> {
                BlobReader r = BlobReader.open(new ByteArrayInputStream(blob), CHECK);
                while (r.remainingPayload() > 0) {
                  r.readFully(new byte[1], 0, 1);
                }
                r.finish();
              });
      assertThat(stream.reason()).as(stream.getMessage()).isIn(Reason.TRUNCATED, Reason.LENGTH);
    }
    byte[] shorter =
        BlobTestSupport.seal(
            BlobTestSupport.forgeHeader(1, BlobKind.LWE_CIPHERTEXT_LIST.code(), SET, 8), payload);
    assertThatThrownBy(() -> BlobReader.verify(shorter, CHECK))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH))
        .hasMessageContaining("extra bytes after the blob");
  }

  @Test
  void payloadAboveCeiling_fails() {
    byte[] blob = sample(randomLongs(100, 9));
    assertThatThrownBy(
            () -> BlobReader.open(new ByteArrayInputStream(blob), CHECK.withMaxPayloadBytes(100)))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH))
        .hasMessageContaining("exceeds the accepted maximum 100");
  }

  @Test
  void contentLongerOrShorterThanPayload_fails() throws IOException {
    byte[] blob = sample(new long[] {1, 2});
    BlobReader r = BlobReader.open(blob, CHECK);
    r.readUnsignedByte();
    r.readInt();
    assertThatThrownBy(() -> r.requirePayload(24))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH))
        .hasMessageContaining("needs 24 more payload bytes")
        .hasMessageContaining("leaves 16");
    r.readLong();
    assertThatThrownBy(r::finish)
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH));
  }

  @Test
  void corruptedUploadCopy_fails() {
    byte[] blob = sample(randomLongs(30_000, 10));
    blob[blob.length / 2] ^= 1;
    assertThatThrownBy(
            () ->
                BlobReader.copyVerified(
                    new ByteArrayInputStream(blob),
                    new ByteArrayOutputStream(),
                    BlobCheck.anyParameterSet(BlobKind.LWE_CIPHERTEXT_LIST)))
        .isInstanceOfSatisfying(
            BlobFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM))
        .hasMessageContaining("stored 0x")
        .hasMessageContaining("computed 0x");
  }

  @Test
  void everyKindCode_isUniqueAndRoundTrips() {
    EnumSet<BlobKind> seen = EnumSet.noneOf(BlobKind.class);
    for (BlobKind k : BlobKind.values()) {
      assertThat(BlobKind.fromCode(k.code())).isEqualTo(k);
      seen.add(BlobKind.fromCode(k.code()));
    }
    assertThat(seen).hasSize(BlobKind.values().length);
  }

  /** Returns at most {@code chunk} bytes per read call, like a network stream. */
  private static final class TrickleInputStream extends ByteArrayInputStream {
    private final int chunk;

    TrickleInputStream(byte[] bytes, int chunk) {
      super(bytes);
      this.chunk = chunk;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, chunk));
    }
  }
}
