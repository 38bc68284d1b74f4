package io.fhestreams.registry.validation;

import io.fhestreams.registry.api.ParameterSetId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Checks an upload while it is copied to storage, so that a blob is read once and never held whole
 * in memory. A refusal is a {@link io.fhestreams.registry.api.RegistryException} of kind
 * UNPROCESSABLE whose message names what is wrong; the caller then discards what was copied.
 */
public interface UploadValidator {

  /**
   * Copies {@code in} to its end into {@code out}, checking that the bytes are exactly one
   * well-formed blob of kind {@code expected}.
   *
   * @return the parameter-set id the blob's header names
   */
  ParameterSetId copyValidated(UploadKind expected, InputStream in, OutputStream out)
      throws IOException;
}
