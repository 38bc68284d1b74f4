package io.fhestreams.engine.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
}
