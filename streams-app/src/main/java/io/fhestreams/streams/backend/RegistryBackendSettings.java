package io.fhestreams.streams.backend;

import io.fhestreams.ml.deploy.ArtifactLimits;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.streams.config.AppConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * The registry backend's settings, read from the application's configuration (so also from {@code
 * FHE_*} environment variables: {@code FHE_REGISTRY_URL} sets {@value #URL}):
 *
 * <ul>
 *   <li>{@value #URL} (required): base URL of the model registry, e.g. {@code
 *       http://registry:8081};
 *   <li>{@value #TOKEN}: bearer token with the registry's {@code reader} role (none by default);
 *   <li>{@value #CACHE_MAX_BYTES}: bound of the cache of decoded evaluation keys and server
 *       artifacts (default 1 GiB; one client's 4-bit keys take about 130 MB once decoded);
 *   <li>{@value #REQUEST_TIMEOUT_MS}: time allowed until a registry answer's headers arrive
 *       (default 5000);
 *   <li>{@value #MAX_ATTEMPTS}: attempts per registry call inside the client (default 2); beyond
 *       that the request waits and retries in the stream processor ({@code app.retry.*}), without
 *       loss;
 *   <li>{@value #SERVED_STAGES}: comma-separated stages whose versions the app evaluates (default
 *       {@code production}); a request for a version in another stage is dead-lettered as {@code
 *       MODEL_STAGE_NOT_SERVED};
 *   <li>{@value #STAGE_REFRESH_MS}: how long a version's stage, and the versions of a model in each
 *       stage (for requests addressed to a stage), once read, are trusted before they are read
 *       again (default 10000), so that a promotion or an archival takes effect within it;
 *   <li>{@value #TRUSTSTORE_PATH}, {@value #TRUSTSTORE_PASSWORD}: the trust store (PKCS12 or JKS)
 *       holding the certificate of an {@code https} registry that the JDK's default trust store
 *       does not (default: the JDK's);
 *   <li>{@value #ARTIFACT_LIMITS_PREFIX}{@code <cap>}: the caps a model's server artifact is
 *       checked against when it is loaded, one key per {@link ArtifactLimits.Cap} (e.g. {@code
 *       registry.artifact.limits.max.bootstraps}); caps not set keep their defaults.
 * </ul>
 *
 * @param url the registry's base URL
 * @param token bearer token, or null
 * @param cacheMaxBytes cache bound, at least 1
 * @param requestTimeout per-call timeout
 * @param maxAttempts attempts per call, at least 1
 * @param servedStages stages whose versions are evaluated, at least one
 * @param stageRefresh how long a version's stage is trusted once read
 * @param trustStore trust store for an https registry, or null for the JDK's
 * @param trustStorePassword its password, or null
 * @param artifactLimits caps on a loaded server artifact
 */
public record RegistryBackendSettings(
    URI url,
    String token,
    long cacheMaxBytes,
    Duration requestTimeout,
    int maxAttempts,
    Set<Stage> servedStages,
    Duration stageRefresh,
    Path trustStore,
    String trustStorePassword,
    ArtifactLimits artifactLimits) {
  /** Base URL of the model registry. */
  public static final String URL = "registry.url";

  /** Bearer token for the registry. */
  public static final String TOKEN = "registry.token";

  /** Bound of the decoded-artifact cache, in bytes. */
  public static final String CACHE_MAX_BYTES = "registry.cache.max.bytes";

  /** Per-call timeout, in milliseconds. */
  public static final String REQUEST_TIMEOUT_MS = "registry.request.timeout.ms";

  /** Attempts per call inside the registry client. */
  public static final String MAX_ATTEMPTS = "registry.max.attempts";

  /** Stages whose versions are evaluated. */
  public static final String SERVED_STAGES = "registry.served.stages";

  /** How long a version's stage is trusted once read, in milliseconds. */
  public static final String STAGE_REFRESH_MS = "registry.stage.refresh.ms";

  /** Trust store file for an https registry. */
  public static final String TRUSTSTORE_PATH = "registry.truststore.path";

  /** Password of the trust store. */
  public static final String TRUSTSTORE_PASSWORD = "registry.truststore.password";

  /** The stages served when none are configured: only what was promoted to production. */
  public static final Set<Stage> DEFAULT_SERVED_STAGES = Set.of(Stage.PRODUCTION);

  /** How long stages are trusted once read when {@value #STAGE_REFRESH_MS} is not set. */
  public static final Duration DEFAULT_STAGE_REFRESH = Duration.ofSeconds(10);

  /** Prefix of the artifact caps: the prefix, then an {@link ArtifactLimits.Cap#key()}. */
  public static final String ARTIFACT_LIMITS_PREFIX = "registry.artifact.limits.";

  /** Validates the fields. */
  public RegistryBackendSettings {
    if (url == null || url.getScheme() == null || !url.getScheme().startsWith("http")) {
      throw new ConfigException(URL, url, "expected http(s)://host:port");
    }
    if (cacheMaxBytes < 1) {
      throw new ConfigException(CACHE_MAX_BYTES, cacheMaxBytes, "must be >= 1");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new ConfigException(REQUEST_TIMEOUT_MS, requestTimeout.toMillis(), "must be > 0");
    }
    if (maxAttempts < 1) {
      throw new ConfigException(MAX_ATTEMPTS, maxAttempts, "must be >= 1");
    }
    java.util.Objects.requireNonNull(artifactLimits, "artifactLimits");
    if (servedStages == null || servedStages.isEmpty()) {
      throw new ConfigException(SERVED_STAGES, servedStages, "name at least one stage");
    }
    servedStages = Set.copyOf(servedStages);
    if (stageRefresh.isNegative()) {
      throw new ConfigException(STAGE_REFRESH_MS, stageRefresh.toMillis(), "must be >= 0");
    }
  }

  /**
   * Settings with the defaults of every optional key: production versions only, stages re-read
   * after 10 s, the JDK's trust store, the default artifact caps.
   */
  public static RegistryBackendSettings of(
      URI url, String token, long cacheMaxBytes, Duration requestTimeout, int maxAttempts) {
    return new RegistryBackendSettings(
        url,
        token,
        cacheMaxBytes,
        requestTimeout,
        maxAttempts,
        DEFAULT_SERVED_STAGES,
        DEFAULT_STAGE_REFRESH,
        null,
        null,
        ArtifactLimits.defaults());
  }

  /** Reads the settings; a missing {@value #URL} or a malformed number fails naming the key. */
  public static RegistryBackendSettings from(AppConfig config) {
    String url = config.get(URL);
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "missing configuration "
              + URL
              + " (the model registry's base URL, env FHE_REGISTRY_URL)"
              + " required by app.backend="
              + RegistryBackendProvider.NAME);
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(URL, url, e.getMessage());
    }
    String token = config.get(TOKEN);
    String trustStore = config.get(TRUSTSTORE_PATH);
    return new RegistryBackendSettings(
        uri,
        token == null || token.isBlank() ? null : token.trim(),
        number(config, CACHE_MAX_BYTES, 1L << 30),
        Duration.ofMillis(number(config, REQUEST_TIMEOUT_MS, 5000)),
        (int) number(config, MAX_ATTEMPTS, 2),
        stages(config.get(SERVED_STAGES)),
        Duration.ofMillis(number(config, STAGE_REFRESH_MS, DEFAULT_STAGE_REFRESH.toMillis())),
        trustStore == null || trustStore.isBlank() ? null : Path.of(trustStore.trim()),
        config.get(TRUSTSTORE_PASSWORD),
        artifactLimits(config));
  }

  private static Set<Stage> stages(String list) {
    if (list == null || list.isBlank()) {
      return DEFAULT_SERVED_STAGES;
    }
    Set<Stage> stages = EnumSet.noneOf(Stage.class);
    for (String name : list.split(",")) {
      try {
        stages.add(Stage.parse(name.trim()));
      } catch (RegistryException e) {
        throw new ConfigException(SERVED_STAGES, list, e.getMessage());
      }
    }
    return stages;
  }

  private static ArtifactLimits artifactLimits(AppConfig config) {
    Map<String, Object> caps = new HashMap<>();
    config
        .asMap()
        .forEach(
            (key, value) -> {
              if (key.startsWith(ARTIFACT_LIMITS_PREFIX)) {
                caps.put(key.substring(ARTIFACT_LIMITS_PREFIX.length()), value);
              }
            });
    try {
      return ArtifactLimits.of(caps);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ARTIFACT_LIMITS_PREFIX + "*", caps, e.getMessage());
    }
  }

  private static long number(AppConfig config, String key, long dflt) {
    String v = config.get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, v, "expected an integer");
    }
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "RegistryBackendSettings["
        + url
        + ", token "
        + (token == null ? "none" : "set")
        + ", cache "
        + cacheMaxBytes
        + " bytes, timeout "
        + requestTimeout.toMillis()
        + " ms, "
        + maxAttempts
        + " attempts, serves "
        + servedStages.stream().map(Stage::wireName).sorted().toList()
        + (trustStore == null ? "" : ", trust store " + trustStore)
        + ", "
        + artifactLimits
        + "]";
  }
}
