package io.fhestreams.registry.server;

import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.validation.UploadKind;
import io.fhestreams.registry.validation.UploadValidator;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stages uploads: each body is streamed through the size limit and the validator into a file of the
 * upload directory, and only a staged, valid file is handed to the store. Memory use is a few
 * buffers whatever the size.
 */
final class Uploads {
  /** A validated upload in a temporary file, deleted on close. */
  record Staged(Path file, ParameterSetId parameterSet, long size) implements AutoCloseable {
    InputStream open() throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
      Files.deleteIfExists(file);
    }
  }

  private final Path directory;
  private final long maxBytes;
  private final UploadValidator validator;
  private final MeterRegistry meters;

  Uploads(Path directory, long maxBytes, UploadValidator validator, MeterRegistry meters) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.validator = validator;
    this.meters = meters;
  }

  long maxBytes() {
    return maxBytes;
  }

  /** Refuses at once (413) a body whose declared length is already over the limit. */
  void refuseDeclaredOversize(Context ctx, long limit) {
    String declared = ctx.header("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          throw LimitedInputStream.tooLarge(limit);
        }
      } catch (NumberFormatException e) {
        // Jetty refuses a malformed Content-Length itself; the counting below still applies.
      }
    }
  }

  /** Streams {@code body} through the limit and the validator into a staged file. */
  Staged stage(InputStream body, UploadKind kind) throws IOException {
    Path file = Files.createTempFile(directory, "upload-", ".bin");
    try {
      LimitedInputStream limited = new LimitedInputStream(body, maxBytes);
      ParameterSetId parameterSet;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
        parameterSet = validator.copyValidated(kind, limited, out);
      }
      Counter.builder("registry.upload.bytes")
          .tag("kind", kind.name().toLowerCase())
          .register(meters)
          .increment(limited.count());
      return new Staged(file, parameterSet, limited.count());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }
}
