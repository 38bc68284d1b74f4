package io.fhestreams.registry.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fhestreams.ml.deploy.ArtifactLimits;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.schema.CompatibilityLevel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The registry's configuration, read from a YAML file ({@link #load(Path)}):
 *
 * <pre>
 * host: 127.0.0.1            # default 127.0.0.1
 * port: 8081                 # default 8081; 0 picks a free port
 * maxUploadBytes: 268435456  # default 256 MiB; a larger body is answered 413
 * uploadDirectory: /tmp/x    # where uploads are staged while validated; default a new temp dir
 * schemaCompatibility: BACKWARD   # BACKWARD (default), FORWARD, FULL or NONE
 * artifactLimits:            # caps on what one record of a published model may cost (ArtifactLimits)
 *   max.bootstraps: 65536    # any of the keys of ArtifactLimits.Cap; the others keep their defaults
 * storage:
 *   type: directory          # or postgres
 *   directory: registry-data
 *   postgres: {jdbcUrl: "jdbc:postgresql://localhost:5432/fhe", user: fhe, password: fhe, schema: registry, maxPoolSize: 8}
 * tls:                       # optional: serve HTTPS only (TLS 1.2/1.3) with this key store
 *   keyStore: /etc/fhe/registry.p12
 *   keyStorePassword: changeit
 * tokens:                    # SHA-256 of each token (RegistryMain --hash-token TOKEN), never the token
 *   - {name: streams-app, sha256: 64-hex-digits, roles: [reader]}
 *   - {name: alice, sha256: 64-hex-digits, roles: [key-owner]}
 * </pre>
 */
public record RegistryConfig(
    String host,
    Integer port,
    Long maxUploadBytes,
    String uploadDirectory,
    CompatibilityLevel schemaCompatibility,
    Map<String, Object> artifactLimits,
    StorageConfig storage,
    TlsConfig tls,
    List<TokenEntry> tokens) {

  /**
   * The upload limit when none is configured: 256 MiB, above the 4-bit set's plain evaluation keys.
   */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 256L << 20;

  /** Fills defaults and checks ranges. */
  public RegistryConfig {
    host = host == null ? "127.0.0.1" : host;
    port = port == null ? 8081 : port;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, found " + port);
    }
    maxUploadBytes = maxUploadBytes == null ? DEFAULT_MAX_UPLOAD_BYTES : maxUploadBytes;
    if (maxUploadBytes < 1) {
      throw new IllegalArgumentException("maxUploadBytes must be >= 1, found " + maxUploadBytes);
    }
    schemaCompatibility =
        schemaCompatibility == null ? CompatibilityLevel.BACKWARD : schemaCompatibility;
    artifactLimits = artifactLimits == null ? Map.of() : Map.copyOf(artifactLimits);
    limitsOf(artifactLimits);
    storage = storage == null ? new StorageConfig(null, null, null) : storage;
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }

  /** An in-process configuration: loopback, a free port, a directory store in {@code dir}. */
  public static RegistryConfig inDirectory(Path dir, List<TokenEntry> tokens) {
    return new RegistryConfig(
        "127.0.0.1", 0, null, null, null, null, StorageConfig.directory(dir), null, tokens);
  }

  /** The same configuration with another upload limit. */
  public RegistryConfig withMaxUploadBytes(long max) {
    return new RegistryConfig(
        host,
        port,
        max,
        uploadDirectory,
        schemaCompatibility,
        artifactLimits,
        storage,
        tls,
        tokens);
  }

  /** The same configuration with another store. */
  public RegistryConfig withStorage(StorageConfig newStorage) {
    return new RegistryConfig(
        host,
        port,
        maxUploadBytes,
        uploadDirectory,
        schemaCompatibility,
        artifactLimits,
        newStorage,
        tls,
        tokens);
  }

  /** The same configuration with other artifact caps (keys of {@link ArtifactLimits.Cap}). */
  public RegistryConfig withArtifactLimits(Map<String, ?> limits) {
    return new RegistryConfig(
        host,
        port,
        maxUploadBytes,
        uploadDirectory,
        schemaCompatibility,
        Map.copyOf(limits),
        storage,
        tls,
        tokens);
  }

  /** The same configuration on {@code newPort} (0 = a free one). */
  public RegistryConfig withPort(int newPort) {
    return new RegistryConfig(
        host,
        newPort,
        maxUploadBytes,
        uploadDirectory,
        schemaCompatibility,
        artifactLimits,
        storage,
        tls,
        tokens);
  }

  /** The same configuration staging uploads in {@code directory}. */
  public RegistryConfig withUploadDirectory(Path directory) {
    return new RegistryConfig(
        host,
        port,
        maxUploadBytes,
        directory.toString(),
        schemaCompatibility,
        artifactLimits,
        storage,
        tls,
        tokens);
  }

  /** The same configuration serving HTTPS with {@code newTls} (null: plain HTTP). */
  public RegistryConfig withTls(TlsConfig newTls) {
    return new RegistryConfig(
        host,
        port,
        maxUploadBytes,
        uploadDirectory,
        schemaCompatibility,
        artifactLimits,
        storage,
        newTls,
        tokens);
  }

  /** The caps server artifacts are checked against at publish. */
  public ArtifactLimits limits() {
    return limitsOf(artifactLimits);
  }

  private static ArtifactLimits limitsOf(Map<String, ?> settings) {
    try {
      return ArtifactLimits.of(settings);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("artifactLimits: " + e.getMessage(), e);
    }
  }

  /** Reads a YAML file; unknown keys are refused so that a typo is not silently ignored. */
  public static RegistryConfig load(Path file) throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    return yaml.readValue(file.toFile(), RegistryConfig.class);
  }
}
