package io.fhestreams.registry.server;

import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Well-formed engine blobs of random payload for registry tests (the registry checks the container
 * only).
 */
public final class TestBlobs {
  public static final String PS = "V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64";

  private TestBlobs() {}

  /**
   * A blob of {@code kind} for {@code parameterSet} with {@code payload} random bytes from {@code
   * seed}.
   */
  public static byte[] blob(BlobKind kind, String parameterSet, int payload, long seed) {
    byte[] bytes = new byte[payload];
    new SplittableRandom(seed).nextBytes(bytes);
    return BlobWriter.toBytes(kind, parameterSet, payload, w -> w.writeBytes(bytes, 0, payload));
  }

  /**
   * Writes a blob with {@code payload} random bytes to {@code file}, streaming (for large sizes).
   */
  public static Path write(Path file, BlobKind kind, String parameterSet, long payload, long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      BlobWriter writer = BlobWriter.open(out, kind, parameterSet, payload);
      for (long left = payload; left > 0; ) {
        int n = (int) Math.min(chunk.length, left);
        random.nextBytes(chunk);
        writer.writeBytes(chunk, 0, n);
        left -= n;
      }
      writer.finish();
    }
    return file;
  }
}
