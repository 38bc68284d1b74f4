package io.fhestreams.registry.api;

/**
 * A request the registry refuses, with the {@link Kind} that decides the HTTP status and a message
 * naming what was wrong (expected versus found).
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request was refused; each kind maps to one HTTP status. */
  public enum Kind {
    /** Malformed input: a bad name, id, number or JSON body (400). */
    INVALID(400),
    /** No credentials, or credentials that match no configured token (401). */
    UNAUTHORIZED(401),
    /** Valid credentials without the role (or ownership) the request needs (403). */
    FORBIDDEN(403),
    /** The thing named does not exist (404). */
    NOT_FOUND(404),
    /** The request contradicts what is stored (409). */
    CONFLICT(409),
    /** The body is larger than the configured limit (413). */
    TOO_LARGE(413),
    /** The uploaded blob is not a well-formed blob of the expected kind (422). */
    UNPROCESSABLE(422);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status code answered for this kind. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Kind kind;

  /** A refusal of {@code kind} with {@code message}. */
  public RegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** A refusal of {@code kind} with {@code message}, caused by {@code cause}. */
  public RegistryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why it was refused. */
  public Kind kind() {
    return kind;
  }

  /** A 400 refusal. */
  public static RegistryException invalid(String message) {
    return new RegistryException(Kind.INVALID, message);
  }

  /** A 404 refusal. */
  public static RegistryException notFound(String message) {
    return new RegistryException(Kind.NOT_FOUND, message);
  }

  /** A 409 refusal. */
  public static RegistryException conflict(String message) {
    return new RegistryException(Kind.CONFLICT, message);
  }
}
