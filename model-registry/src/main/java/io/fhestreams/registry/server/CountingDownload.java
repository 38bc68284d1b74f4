package io.fhestreams.registry.server;

import io.micrometer.core.instrument.Counter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A download stream that adds the bytes it serves to a counter. */
final class CountingDownload extends FilterInputStream {
  private final Counter counter;

  CountingDownload(InputStream in, Counter counter) {
    super(in);
    this.counter = counter;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counter.increment();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      counter.increment(n);
    }
    return n;
  }
}
