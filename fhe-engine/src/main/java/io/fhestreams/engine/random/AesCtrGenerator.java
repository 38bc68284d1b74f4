package io.fhestreams.engine.random;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 in counter mode as tfhe-csprng's {@code AesCtrGenerator} with {@code SeedKind::Ctr}: the
 * 16-byte seed is the AES key, the AES input block is a 128-bit counter starting at 0 written in
 * little-endian bytes, and output bytes are consumed block by block, bytes 0..15 in order
 * (PARAMETERS.md section 5; tfhe-csprng tests it against RustCrypto {@code Ctr128LE<Aes128>}, nonce
 * 0). Java's {@code AES/CTR} counts big-endian, so this runs AES/ECB over counter blocks instead.
 *
 * <p>Not thread-safe: one generator per thread or per encryption stream.
 */
public final class AesCtrGenerator {
  /** 16 KiB per refill: one AES call amortises its set-up over many blocks (seeded masks). */
  private static final int BLOCKS_PER_REFILL = 1024;

  /** Reads and writes little-endian longs at any byte offset of a byte[] (no per-byte loop). */
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int BUFFER_BYTES = 16 * BLOCKS_PER_REFILL;

  private final Cipher cipher;
  private final byte[] counterBlocks = new byte[BUFFER_BYTES];
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position = BUFFER_BYTES;
  private long counterLow;
  private long counterHigh;
  private long bytesProduced;

  /** A generator keyed by {@code seed}, counter at 0. */
  public AesCtrGenerator(Seed seed) {
    try {
      cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed.toBytes(), "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB/NoPadding is required by the Java platform", e);
    }
  }

  /** The next byte of the stream. */
  public int nextByte() {
    if (position == BUFFER_BYTES) {
      refill();
    }
    bytesProduced++;
    return buffer[position++] & 0xFF;
  }

  /** The next 8 bytes of the stream read as a little-endian long. */
  public long nextLong() {
    if (BUFFER_BYTES - position >= 8) {
      long v = (long) LONG_LE.get(buffer, position);
      position += 8;
      bytesProduced += 8;
      return v;
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= ((long) nextByte()) << (8 * i);
    }
    return v;
  }

  /** Fills {@code out[from, from+length)} with consecutive little-endian longs of the stream. */
  public void fillLongs(long[] out, int from, int length) {
    int i = 0;
    while (i < length) {
      if (position == BUFFER_BYTES) {
        refill();
      }
      int available = Math.min((BUFFER_BYTES - position) >>> 3, length - i);
      if (available == 0) {
        // fewer than 8 bytes left in the buffer (after nextByte): one long across the refill
        out[from + i++] = nextLong();
        continue;
      }
      for (int k = 0; k < available; k++) {
        out[from + i + k] = (long) LONG_LE.get(buffer, position + 8 * k);
      }
      position += 8 * available;
      bytesProduced += 8L * available;
      i += available;
    }
  }

  /** Total number of bytes handed out so far. */
  public long bytesProduced() {
    return bytesProduced;
  }

  private void refill() {
    for (int b = 0; b < BLOCKS_PER_REFILL; b++) {
      int o = 16 * b;
      LONG_LE.set(counterBlocks, o, counterLow);
      LONG_LE.set(counterBlocks, o + 8, counterHigh);
      counterLow++;
      if (counterLow == 0) {
        counterHigh++;
      }
    }
    try {
      int n = cipher.update(counterBlocks, 0, BUFFER_BYTES, buffer, 0);
      if (n != BUFFER_BYTES) {
        throw new IllegalStateException(
            "AES/ECB returned " + n + " bytes, expected " + BUFFER_BYTES);
      }
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    position = 0;
  }
}
