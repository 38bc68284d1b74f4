package io.fhestreams.registry.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the registry: the server's certificate and private key in a key store file.
 *
 * @param keyStore PKCS12 (or JKS) file holding the server's private key and certificate chain
 * @param keyStorePassword its password
 * @param keyPassword the private key's password when it differs from the store's (default: the
 *     store's)
 */
public record TlsConfig(String keyStore, String keyStorePassword, String keyPassword) {
  /** Checks that the key store is named and readable, so that a typo fails at start. */
  public TlsConfig {
    if (keyStore == null || keyStore.isBlank()) {
      throw new IllegalArgumentException("tls.keyStore must name a key store file");
    }
    if (!Files.isReadable(Path.of(keyStore))) {
      throw new IllegalArgumentException("tls.keyStore " + keyStore + " is not a readable file");
    }
    if (keyStorePassword == null) {
      throw new IllegalArgumentException("tls.keyStorePassword is required with tls.keyStore");
    }
    keyPassword = keyPassword == null ? keyStorePassword : keyPassword;
  }

  /** A TLS connector on {@code host:port} speaking HTTP/1.1 only, TLS 1.2 or 1.3. */
  ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keyStore);
    ssl.setKeyStorePassword(keyStorePassword);
    ssl.setKeyManagerPassword(keyPassword);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration https = new HttpConfiguration(http);
    https.setSecureScheme("https");
    // The SNI host check refuses clients that name the server by IP address: the certificate's
    // own validation (by the client) already binds the name.
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  /** Never prints the passwords. */
  @Override
  public String toString() {
    return "TlsConfig[keyStore=" + keyStore + "]";
  }
}
