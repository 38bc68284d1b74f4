package io.fhestreams.schemas.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings, read from a Kafka-style config map under Confluent's own property names so that
 * existing deployments configure us the way they configure Confluent's serdes.
 *
 * <ul>
 *   <li>{@value #SCHEMA_REGISTRY_URL}: comma-separated base URLs, tried in order; {@code
 *       mock://SCOPE} selects the in-process {@link InMemorySchemaRegistry} of that scope (tests
 *       and single-process demos).
 *   <li>{@value #AUTO_REGISTER_SCHEMAS} (default false, as Confluent advises for production): when
 *       true the serializer registers the record's schema; when false it only looks the schema's id
 *       up ({@code POST /subjects/{subject}}), so that a client needs no right to register. The
 *       project's registry registers its own record schemas ({@code RecordSchemas}) at startup.
 *   <li>{@value #USE_LATEST_VERSION} (default false): with auto-registration off, the serializer
 *       writes with the subject's latest version, which must be the record's own schema.
 *   <li>{@value #BASIC_AUTH_CREDENTIALS_SOURCE} ({@code URL}, the default, or {@code USER_INFO})
 *       and {@value #BASIC_AUTH_USER_INFO} ({@code user:password}): HTTP basic authentication.
 *   <li>{@value #BEARER_AUTH_CREDENTIALS_SOURCE} ({@code STATIC_TOKEN}) and {@value
 *       #BEARER_AUTH_TOKEN}: an {@code Authorization: Bearer} header (how the project's model
 *       registry authenticates); not combinable with basic credentials.
 * </ul>
 *
 * @param urls base URLs of the registry, at least one
 * @param autoRegisterSchemas whether the serializer registers schemas
 * @param useLatestVersion whether the serializer writes with the subject's latest version
 * @param userInfo {@code user:password} for basic authentication, if any; never printed
 * @param bearerToken bearer token, if any; never printed
 * @param requestTimeout timeout of one HTTP request
 */
public record SchemaRegistryConfig(
    List<URI> urls,
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    Optional<String> userInfo,
    Optional<String> bearerToken,
    Duration requestTimeout) {

  /** Comma-separated registry base URLs. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Whether the serializer registers the record's schema (default false). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Whether the serializer uses the subject's latest version (default false). */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /** Where basic-auth credentials come from: {@code URL} (default) or {@code USER_INFO}. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password}, used when the source is {@code USER_INFO}. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Where the bearer token comes from: only {@code STATIC_TOKEN} ({@value #BEARER_AUTH_TOKEN}). */
  public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";

  /** The static bearer token. */
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";

  /** Timeout of one registry request in milliseconds (default 10000); not a Confluent name. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  private static final String MOCK_SCHEME = "mock";

  /** Validates the fields. */
  public SchemaRegistryConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new ConfigException(
          SCHEMA_REGISTRY_URL, "", "at least one schema registry URL is required");
    }
    long mocks = urls.stream().filter(u -> MOCK_SCHEME.equals(u.getScheme())).count();
    if (mocks != 0 && mocks != urls.size()) {
      throw new ConfigException(
          SCHEMA_REGISTRY_URL, urls.toString(), "mock:// URLs cannot be mixed with real ones");
    }
    Objects.requireNonNull(userInfo, "userInfo");
    Objects.requireNonNull(bearerToken, "bearerToken");
    if (userInfo.isPresent() && bearerToken.isPresent()) {
      throw new ConfigException(
          BEARER_AUTH_TOKEN, "<hidden>", "basic and bearer credentials cannot both be set");
    }
    Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /**
   * Reads the settings from a Kafka config map; fails with a {@link ConfigException} naming the bad
   * key.
   */
  public static SchemaRegistryConfig fromMap(Map<String, ?> configs) {
    Object rawUrls = configs.get(SCHEMA_REGISTRY_URL);
    if (rawUrls == null || rawUrls.toString().isBlank()) {
      throw new ConfigException(
          "missing required configuration \""
              + SCHEMA_REGISTRY_URL
              + "\" (e.g. http://localhost:8081)");
    }
    List<URI> urls = new ArrayList<>();
    for (String part : rawUrls.toString().split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        URI uri =
            new URI(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
        if (uri.getScheme() == null
            || !List.of("http", "https", MOCK_SCHEME).contains(uri.getScheme())) {
          throw new ConfigException(
              SCHEMA_REGISTRY_URL, trimmed, "expected an http://, https:// or mock:// URL");
        }
        urls.add(uri);
      } catch (URISyntaxException e) {
        throw new ConfigException(SCHEMA_REGISTRY_URL, trimmed, "not a URL: " + e.getMessage());
      }
    }
    String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE, "URL").toUpperCase(Locale.ROOT);
    Optional<String> userInfo;
    switch (source) {
      case "URL" ->
          userInfo = urls.stream().map(URI::getRawUserInfo).filter(Objects::nonNull).findFirst();
      case "USER_INFO" -> {
        String info = string(configs, BASIC_AUTH_USER_INFO, "");
        if (!info.contains(":")) {
          throw new ConfigException(
              BASIC_AUTH_USER_INFO,
              "<hidden>",
              "expected user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
        }
        userInfo = Optional.of(info);
      }
      default ->
          throw new ConfigException(
              BASIC_AUTH_CREDENTIALS_SOURCE, source, "expected URL or USER_INFO");
    }
    Optional<String> bearer = Optional.empty();
    String bearerSource =
        string(configs, BEARER_AUTH_CREDENTIALS_SOURCE, "").toUpperCase(Locale.ROOT);
    String token = string(configs, BEARER_AUTH_TOKEN, "");
    if (!bearerSource.isEmpty() || !token.isEmpty()) {
      if (!bearerSource.isEmpty() && !bearerSource.equals("STATIC_TOKEN")) {
        throw new ConfigException(
            BEARER_AUTH_CREDENTIALS_SOURCE, bearerSource, "expected STATIC_TOKEN");
      }
      if (token.isEmpty()) {
        throw new ConfigException(
            BEARER_AUTH_TOKEN,
            "",
            "a token is required when " + BEARER_AUTH_CREDENTIALS_SOURCE + "=STATIC_TOKEN");
      }
      bearer = Optional.of(token);
    }
    return new SchemaRegistryConfig(
        urls,
        bool(configs, AUTO_REGISTER_SCHEMAS, false),
        bool(configs, USE_LATEST_VERSION, false),
        userInfo,
        bearer,
        Duration.ofMillis(Long.parseLong(string(configs, REQUEST_TIMEOUT_MS, "10000"))));
  }

  /** True when the URLs name an in-process {@code mock://} scope. */
  public boolean isMock() {
    return MOCK_SCHEME.equals(urls.get(0).getScheme());
  }

  /** The scope of a {@code mock://SCOPE} URL; only meaningful when {@link #isMock()}. */
  public String mockScope() {
    URI u = urls.get(0);
    return u.getAuthority() != null
        ? u.getAuthority()
        : u.getSchemeSpecificPart().replaceFirst("^//", "");
  }

  private static String string(Map<String, ?> configs, String key, String dflt) {
    Object v = configs.get(key);
    return v == null ? dflt : v.toString().trim();
  }

  private static boolean bool(Map<String, ?> configs, String key, boolean dflt) {
    Object v = configs.get(key);
    if (v == null) {
      return dflt;
    }
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      throw new ConfigException(key, v, "expected true or false");
    }
    return Boolean.parseBoolean(s);
  }

  /** Prints the settings with the password hidden. */
  @Override
  public String toString() {
    List<String> shown =
        urls.stream()
            .map(
                u ->
                    u.getRawUserInfo() == null
                        ? u.toString()
                        : u.toString().replace(u.getRawUserInfo() + "@", "***@"))
            .toList();
    return "SchemaRegistryConfig[urls="
        + shown
        + ", autoRegisterSchemas="
        + autoRegisterSchemas
        + ", useLatestVersion="
        + useLatestVersion
        + ", basicAuth="
        + (userInfo.isPresent() ? "***" : "none")
        + ", bearerAuth="
        + (bearerToken.isPresent() ? "***" : "none")
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }
}
