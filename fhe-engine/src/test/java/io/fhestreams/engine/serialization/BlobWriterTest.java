package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlobWriterTest {
  @Test
  void payloadOverflow_fails() {
    assertThatThrownBy(
            () -> BlobWriter.toBytes(BlobKind.LWE_CIPHERTEXT_LIST, "S", 4, w -> w.writeLong(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("declared 4 bytes, writing byte 8");
  }

  @Test
  void payloadUnderflow_fails() {
    assertThatThrownBy(
            () -> BlobWriter.toBytes(BlobKind.LWE_CIPHERTEXT_LIST, "S", 12, w -> w.writeLong(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("declared 12 bytes, wrote 8");
  }

  @Test
  void invalidParameterSetId_fails() {
    assertThatThrownBy(
            () ->
                BlobWriter.open(
                    new ByteArrayOutputStream(), BlobKind.LWE_CIPHERTEXT_LIST, "has space", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("printable ASCII");
    assertThatThrownBy(
            () ->
                BlobWriter.open(
                    new ByteArrayOutputStream(), BlobKind.LWE_CIPHERTEXT_LIST, "x".repeat(65), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..64");
  }

  @Test
  void shouldWriteLittleEndianHeaderFields() throws IOException {
    byte[] blob =
        BlobWriter.toBytes(
            BlobKind.SEEDED_LWE_CIPHERTEXT_LIST, "AB", 8, w -> w.writeLong(0x0102030405060708L));
    assertThat(blob)
        .startsWith(
            (byte) 0x89,
            (byte) 'F',
            (byte) 'H',
            (byte) 'E',
            (byte) 1,
            (byte) 0,
            (byte) BlobKind.SEEDED_LWE_CIPHERTEXT_LIST.code(),
            (byte) 0,
            (byte) 2,
            (byte) 'A',
            (byte) 'B',
            (byte) 8,
            (byte) 0);
    // Payload starts after the 23-byte header: little-endian 0x0102030405060708.
    assertThat(blob[23]).isEqualTo((byte) 0x08);
    assertThat(blob[30]).isEqualTo((byte) 0x01);
    assertThat(blob).hasSize(23 + 8 + 4);
  }

  @Test
  void shouldWriteAndReadBackPayloadsAroundTheBufferSizes() throws IOException {
    // the buffer is sized to the payload up to 64 KiB: payloads of a long, of a prediction and on
    // either side of 64 KiB, as longs (seed 21), read back with their checksum verified
    for (int longs : new int[] {1, 2, 1033, 8191, 8192, 8193, 25_000}) {
      SplittableRandom rnd = new SplittableRandom(21 + longs);
      long[] values = new long[longs];
      for (int i = 0; i < longs; i++) {
        values[i] = rnd.nextLong();
      }
      byte[] blob =
          BlobWriter.toBytes(
              BlobKind.LWE_CIPHERTEXT_LIST,
              "S",
              8L * longs,
              w -> {
                w.writeLong(values[0]);
                w.writeLongs(values, 1, longs - 1);
              });
      BlobReader r = BlobReader.open(blob, BlobCheck.of(BlobKind.LWE_CIPHERTEXT_LIST, "S"));
      long[] back = new long[longs];
      r.readLongs(back, 0, longs);
      assertThat(back).as("%d longs", longs).isEqualTo(values);
      assertThat(r.remainingPayload()).isZero();
    }
  }
}
