package io.fhestreams.registry.store;

import io.fhestreams.registry.api.BlobInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** Streaming copy with SHA-256 and a byte count, shared by both stores. */
final class Digests {
  private static final int BUFFER = 64 * 1024;

  private Digests() {}

  /** Copies {@code in} to its end into {@code out}, answering the bytes' SHA-256 and count. */
  static BlobInfo copyHashing(InputStream in, OutputStream out) throws IOException {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[BUFFER];
    long size = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      sha.update(buffer, 0, n);
      out.write(buffer, 0, n);
      size += n;
    }
    return new BlobInfo(HexFormat.of().formatHex(sha.digest()), size);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Now, to the millisecond, as ISO-8601 UTC. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
