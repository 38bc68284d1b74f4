package io.fhestreams.registry.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings for clients of a registry whose certificate the JDK's default trust store does not
 * hold (a private CA or a self-signed certificate): an {@link SSLContext} trusting exactly the
 * certificates of one trust store file.
 */
public final class TrustStores {
  private TrustStores() {}

  /**
   * A TLS context trusting the certificates in {@code trustStore} (PKCS12 or JKS, detected from the
   * file), opened with {@code password} (may be null for a store without integrity password). Fails
   * naming the file when it is missing, of an unknown type, or the password is wrong.
   */
  public static SSLContext sslContext(Path trustStore, char[] password) {
    if (!Files.isRegularFile(trustStore)) {
      throw new IllegalArgumentException("trust store " + trustStore + " is not a readable file");
    }
    try {
      KeyStore store = KeyStore.getInstance(trustStore.toFile(), password);
      if (store.size() == 0) {
        throw new IllegalArgumentException("trust store " + trustStore + " holds no certificate");
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      // KeyStore reports a wrong password as an IOException caused by an UnrecoverableKeyException.
      throw new IllegalArgumentException(
          "cannot read trust store " + trustStore + " (wrong password?): " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use trust store " + trustStore + ": " + e.getMessage(), e);
    }
  }
}
