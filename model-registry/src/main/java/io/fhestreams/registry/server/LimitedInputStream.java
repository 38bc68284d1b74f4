package io.fhestreams.registry.server;

import io.fhestreams.registry.api.RegistryException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes actually read and refuses (413) the first byte past the limit, so that a body
 * sent without a Content-Length, or with a false one, cannot exceed the limit either.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    advance(skipped);
    return skipped;
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  private void advance(long n) {
    count += n;
    if (count > limit) {
      throw tooLarge(limit);
    }
  }

  static RegistryException tooLarge(long limit) {
    return new RegistryException(
        RegistryException.Kind.TOO_LARGE, "upload larger than the limit of " + limit + " bytes");
  }
}
