package io.fhestreams.engine.keys;

/**
 * The token that every read of secret key material must present (as Tink's {@code
 * InsecureSecretKeyAccess}). Grep for {@code InsecureSecretKeyAccess.get()} to find every place
 * secret material leaves a {@link ClientKey}: only its owner's keystore code may call it.
 */
public final class InsecureSecretKeyAccess {
  private static final InsecureSecretKeyAccess INSTANCE = new InsecureSecretKeyAccess();

  private InsecureSecretKeyAccess() {}

  /** The token. */
  public static InsecureSecretKeyAccess get() {
    return INSTANCE;
  }
}
