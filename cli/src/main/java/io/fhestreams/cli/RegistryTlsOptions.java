package io.fhestreams.cli;

import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.client.TrustStores;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to trust an https model registry, shared by the commands that talk to it. */
final class RegistryTlsOptions {

  @Option(
      names = "--registry-truststore",
      paramLabel = "FILE",
      description =
          "trust store (PKCS12 or JKS) holding the https registry's certificate or CA (default: the JDK's)")
  Path trustStore;

  @Option(
      names = "--registry-truststore-password",
      defaultValue = "${env:FHE_REGISTRY_TRUSTSTORE_PASSWORD}",
      paramLabel = "PASSWORD",
      description = "its password (default: $FHE_REGISTRY_TRUSTSTORE_PASSWORD, or none)")
  String trustStorePassword;

  /** A client of the registry at {@code registry} with {@code token} and these TLS settings. */
  RegistryClient client(URI registry, String token) {
    RegistryClient.Builder builder = RegistryClient.builder(registry).token(token);
    if (trustStore != null) {
      builder.sslContext(
          TrustStores.sslContext(
              trustStore, trustStorePassword == null ? null : trustStorePassword.toCharArray()));
    }
    return builder.build();
  }
}
