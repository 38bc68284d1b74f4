package io.fhestreams.engine.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AesCtrGeneratorTest {
  private static final byte[] KEY = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");

  @Test
  void shouldEncryptWithAes128() throws Exception {
    // NIST SP 800-38A F.1.1 (ECB-AES128), block 1: the primitive under our counter mode.
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
    byte[] out = ecb.doFinal(HexFormat.of().parseHex("6bc1bee22e409f96e93d7e117393172a"));
    assertThat(HexFormat.of().formatHex(out)).isEqualTo("3ad77bb40d7a3660a89ecaf32466ef97");
  }

  @Test
  void shouldEmitAesOfLittleEndianCountersStartingAtZero() throws Exception {
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
    AesCtrGenerator g = new AesCtrGenerator(Seed.fromBytes(KEY));
    byte[] stream = new byte[16 * 2100];
    for (int i = 0; i < stream.length; i++) {
      stream[i] = (byte) g.nextByte();
    }
    // across the first refills of the generator's buffer
    for (int block : new int[] {0, 1, 2, 255, 256, 257, 1023, 1024, 1025, 2047, 2048, 2099}) {
      byte[] counter = new byte[16];
      counter[0] = (byte) block;
      counter[1] = (byte) (block >>> 8);
      byte[] expected = ecb.doFinal(counter);
      byte[] actual = java.util.Arrays.copyOfRange(stream, 16 * block, 16 * block + 16);
      assertThat(actual).as("block %d", block).isEqualTo(expected);
    }
    assertThat(g.bytesProduced()).isEqualTo(stream.length);
  }

  @Test
  void shouldReadLongsLittleEndianFromTheSameStream() {
    AesCtrGenerator bytes = new AesCtrGenerator(Seed.fromBytes(KEY));
    AesCtrGenerator longs = new AesCtrGenerator(Seed.fromBytes(KEY));
    bytes.nextByte();
    longs.nextByte();
    for (int i = 0; i < 1000; i++) {
      long expected = 0;
      for (int b = 0; b < 8; b++) {
        expected |= ((long) bytes.nextByte()) << (8 * b);
      }
      assertThat(longs.nextLong()).as("long %d", i).isEqualTo(expected);
    }
  }

  @Test
  void shouldFillLongsAsConsecutiveLittleEndianLongsOfTheStream() {
    // unaligned start (after 3 bytes), runs that cross refills, a long split across a refill
    for (int skipped : new int[] {0, 3, 8}) {
      AesCtrGenerator bytes = new AesCtrGenerator(Seed.fromBytes(KEY));
      AesCtrGenerator longs = new AesCtrGenerator(Seed.fromBytes(KEY));
      for (int i = 0; i < skipped; i++) {
        bytes.nextByte();
        longs.nextByte();
      }
      long[] filled = new long[7000];
      longs.fillLongs(filled, 0, 1);
      longs.fillLongs(filled, 1, 2046);
      longs.fillLongs(filled, 2047, filled.length - 2047);
      for (int i = 0; i < filled.length; i++) {
        long expected = 0;
        for (int b = 0; b < 8; b++) {
          expected |= ((long) bytes.nextByte()) << (8 * b);
        }
        assertThat(filled[i]).as("long %d after %d bytes", i, skipped).isEqualTo(expected);
      }
      assertThat(longs.bytesProduced()).isEqualTo(bytes.bytesProduced());
    }
  }

  @Test
  void shouldRegenerateMasksFromSeed() {
    Seed seed = Seeder.freshSeed();
    long[] a = new long[5000];
    long[] b = new long[5000];
    MaskGenerator.fromSeed(seed).fillMask(a, 0, a.length);
    MaskGenerator.fromSeed(seed).fillMask(b, 0, b.length);
    assertThat(a).isEqualTo(b);
    long[] c = new long[5000];
    MaskGenerator.fromSeed(Seeder.freshSeed()).fillMask(c, 0, c.length);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void seedToStringShouldNotPrintBytes() {
    assertThat(Seed.fromBytes(KEY).toString()).doesNotContain("2b").contains("not printed");
  }
}
