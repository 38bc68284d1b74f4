package io.fhestreams.ml.deploy;

import io.fhestreams.engine.serialization.BlobCheck;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.ml.circuit.UntrustedInput;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Wraps an artifact's payload in the engine's blob container (magic, format version, kind,
 * parameter-set id, length, CRC32C) and checks it on the way back. The payload itself starts with
 * the artifact layout version, so that a reader refuses a layout it does not know.
 *
 * <p>Layout 3 adds one boolean at the end of both artifacts: whether the server packs outputs into
 * GLWE ciphertexts. Layout 2 artifacts still read (outputs not packed); a layout-2 reader refuses a
 * layout-3 artifact by its version. Layout 4 adds the compile report's ciphertext layout (a string
 * at its end) and, at the end of both artifacts, a u32 N': the polynomial size of a linear model's
 * coefficient-encoded inputs and outputs, 0 for the LWE layout (what layouts 2 and 3 read as).
 */
final class ArtifactCodec {
  /**
   * Layout version of the artifact payloads written by this code (2: the compile report carries a
   * whole-record time estimate; 3: the packed-outputs flag; 4: the coefficient-encoded layout).
   */
  static final int LAYOUT_VERSION = 4;

  /** The oldest layout this code still reads. */
  static final int OLDEST_READABLE_LAYOUT = 2;

  private ArtifactCodec() {}

  /** Writes a payload with {@code body}. */
  interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads a payload with {@code body}. */
  interface Reader<T> {
    T read(UntrustedInput in, int layoutVersion) throws IOException;
  }

  static byte[] encode(BlobKind kind, String parameterSetId, Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(LAYOUT_VERSION);
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] payload = bytes.toByteArray();
    return BlobWriter.toBytes(
        kind, parameterSetId, payload.length, w -> w.writeBytes(payload, 0, payload.length));
  }

  static <T> T decode(byte[] blob, BlobKind kind, Reader<T> reader) throws IOException {
    BlobReader.verify(blob, BlobCheck.anyParameterSet(kind));
    BlobReader blobReader = BlobReader.open(blob, BlobCheck.anyParameterSet(kind));
    byte[] payload = new byte[(int) blobReader.remainingPayload()];
    blobReader.readFully(payload, 0, payload.length);
    blobReader.finish();
    try (UntrustedInput in = new UntrustedInput(payload)) {
      int version = in.readInt();
      if (version < OLDEST_READABLE_LAYOUT || version > LAYOUT_VERSION) {
        throw new IOException(
            kind
                + ": layout version "
                + version
                + " is not supported; this reader knows "
                + OLDEST_READABLE_LAYOUT
                + " to "
                + LAYOUT_VERSION);
      }
      T value = reader.read(in, version);
      if (in.remaining() != 0) {
        throw new IOException(
            kind + ": " + in.remaining() + " unexpected bytes after the artifact");
      }
      return value;
    } catch (EOFException e) {
      throw new IOException(kind + ": the payload ends before the artifact does", e);
    }
  }

  static String parameterSetId(byte[] blob) {
    return BlobReader.readHeader(blob).parameterSetId();
  }
}
