package io.fhestreams.registry.validation;

import io.fhestreams.engine.serialization.BlobCheck;
import io.fhestreams.engine.serialization.BlobFormatException;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.RegistryException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Validates uploads with the engine's blob container ({@link BlobReader#copyVerified}): magic,
 * format version, header checksum, kind, declared lengths and the trailing checksum, with no byte
 * after the blob. This checks the container, not the content: full loading of model artifacts comes
 * with the compiler's artifact readers.
 *
 * <p>A client keystore is refused by name before anything is copied: it holds secret keys, which
 * never enter the registry.
 */
public final class BlobUploadValidator implements UploadValidator {
  /** More than any header: magic, version, kind, id (at most 64 bytes), lengths, checksum. */
  private static final int HEADER_PEEK = 1024;

  /** Copies one verified blob from {@code in} to {@code out}, returning its header. */
  @FunctionalInterface
  interface BlobCopier {
    BlobHeader copyVerified(InputStream in, OutputStream out) throws IOException;
  }

  @Override
  public ParameterSetId copyValidated(UploadKind expected, InputStream in, OutputStream out)
      throws IOException {
    return copyValidated(
        expected, in, out, (from, to) -> BlobReader.copyVerified(from, to, check(expected)));
  }

  /**
   * As {@link #copyValidated(UploadKind, InputStream, OutputStream)}, the blob itself checked by
   * {@code copier} (e.g. one that also reads the blob's content).
   */
  ParameterSetId copyValidated(
      UploadKind expected, InputStream in, OutputStream out, BlobCopier copier) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    try {
      buffered.mark(HEADER_PEEK);
      BlobHeader peeked = BlobReader.readHeader(buffered);
      if (peeked.kind() == BlobKind.CLIENT_KEYSTORE) {
        throw refused(
            expected,
            "the blob is a CLIENT_KEYSTORE, which holds secret keys; the registry never stores secret keys");
      }
      buffered.reset();
      BlobHeader header = copier.copyVerified(buffered, out);
      if (buffered.read() >= 0) {
        throw refused(
            expected,
            "extra bytes after the end of the "
                + header.kind()
                + " blob ("
                + header.totalLength()
                + " bytes declared)");
      }
      return parameterSet(expected, header);
    } catch (BlobFormatException e) {
      throw refused(expected, e.getMessage());
    }
  }

  private static ParameterSetId parameterSet(UploadKind expected, BlobHeader header) {
    try {
      return ParameterSetId.of(header.parameterSetId());
    } catch (RegistryException e) {
      throw refused(expected, e.getMessage());
    }
  }

  static BlobCheck check(UploadKind expected) {
    return switch (expected) {
      case EVALUATION_KEYS ->
          BlobCheck.anyParameterSet(BlobKind.EVALUATION_KEYS, BlobKind.SEEDED_EVALUATION_KEYS);
      case CLIENT_ARTIFACT -> BlobCheck.anyParameterSet(BlobKind.CLIENT_ARTIFACT);
      case SERVER_ARTIFACT -> BlobCheck.anyParameterSet(BlobKind.SERVER_ARTIFACT);
    };
  }

  private static RegistryException refused(UploadKind expected, String why) {
    return new RegistryException(
        RegistryException.Kind.UNPROCESSABLE,
        "upload refused: expected a well-formed " + expected + " blob; " + why);
  }
}
