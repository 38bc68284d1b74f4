package io.fhestreams.registry.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server key store and a trust store holding its certificate, made at test time with
 * the running JDK's own {@code keytool} (no other tool): the certificate names {@code localhost}
 * and {@code 127.0.0.1}, so host-name verification passes on loopback.
 */
public record SelfSignedKeyStores(Path keyStore, Path trustStore, String password) {

  /** Generates both stores in {@code dir}, protected by {@code password}. */
  public static SelfSignedKeyStores generate(Path dir, String password) throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Path certificate = dir.resolve("server.crt");
    Path trustStore = dir.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        "registry",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        password,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "registry",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        password);
    return new SelfSignedKeyStores(keyStore, trustStore, password);
  }

  /** The registry's TLS settings for this key store. */
  public TlsConfig tlsConfig() {
    return new TlsConfig(keyStore.toString(), password, null);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
