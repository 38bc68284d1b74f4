package io.fhestreams.registry.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a downloaded blob into the object a cache keeps (evaluation keys in the Fourier domain, a
 * loaded server artifact), and says how many bytes of heap that object holds, which is what the
 * cache bounds.
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface BlobDecoder<T> {
  /** Decodes the blob read from {@code in} ({@code size} bytes); must not keep {@code in}. */
  Decoded<T> decode(InputStream in, long size) throws IOException;

  /**
   * A decoded value and the bytes it retains on the heap (an estimate the decoder knows best, e.g.
   * the length of its {@code long[]} arrays times 8).
   */
  record Decoded<T>(T value, long retainedBytes) {
    /** Checks the size. */
    public Decoded {
      if (retainedBytes < 0) {
        throw new IllegalArgumentException("retainedBytes must be >= 0, found " + retainedBytes);
      }
    }
  }
}
