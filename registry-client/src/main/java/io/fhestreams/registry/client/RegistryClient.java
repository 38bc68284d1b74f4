package io.fhestreams.registry.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelInfo;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;

/**
 * The typed Java client of the registry (java.net.http, HTTP/1.1). Calls that fail with a 5xx or a
 * transport error (refused connection, timeout) are retried with exponential backoff and jitter; a
 * 4xx fails at once with the server's message. Uploads stream from files (so a retry can resend
 * them) and downloads stream to the caller. Thread-safe; build one per registry and share it.
 */
public final class RegistryClient {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI base;
  private final String token;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final HttpClient http;

  private RegistryClient(Builder b) {
    this.base = URI.create(b.base.toString().replaceAll("/+$", ""));
    this.token = b.token;
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(b.connectTimeout);
    if (b.sslContext != null) {
      http.sslContext(b.sslContext);
    }
    this.http = http.build();
  }

  /** A builder for a registry at {@code baseUri} (e.g. {@code http://127.0.0.1:8081}). */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** Options of a {@link RegistryClient}; defaults in each setter's doc. */
  public static final class Builder {
    private final URI base;
    private String token;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private SSLContext sslContext;

    private Builder(URI base) {
      if (base == null || base.getScheme() == null || !base.getScheme().startsWith("http")) {
        throw new IllegalArgumentException(
            "registry URI must be http(s)://host:port, found " + base);
      }
      this.base = base;
    }

    /** The bearer token sent with every call (none by default). */
    public Builder token(String value) {
      this.token = value;
      return this;
    }

    /**
     * The TLS context for an {@code https} registry (default: the JDK's, trusting its default CA
     * certificates); {@link TrustStores#sslContext} builds one from a trust store file. The
     * registry's host name is always checked against its certificate.
     */
    public Builder sslContext(SSLContext value) {
      this.sslContext = value;
      return this;
    }

    /** Time allowed for one attempt until the response headers arrive (default 60 s). */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive("requestTimeout", value);
      return this;
    }

    /** Time allowed to connect (default 5 s). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = positive("connectTimeout", value);
      return this;
    }

    /**
     * Attempts per call, first one included, for 5xx and transport failures (default 4, at least
     * 1).
     */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, found " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /** The first backoff, doubled at each retry up to {@code max} (defaults 200 ms and 5 s). */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive("initial backoff", initial);
      this.maxBackoff = positive("max backoff", max);
      return this;
    }

    private static Duration positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, found " + d);
      }
      return d;
    }

    /** The client. */
    public RegistryClient build() {
      return new RegistryClient(this);
    }
  }

  // ---------------------------------------------------------------- models

  /** Creates a model. */
  public ModelInfo createModel(ModelName name, String description) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", name.value());
    body.put("description", description);
    return sendJson("POST", "/models", json(body), "application/json", ModelInfo.class);
  }

  /** All models. */
  public List<ModelInfo> listModels() {
    return sendJson("GET", "/models", BodyPublishers.noBody(), null, listOf(ModelInfo.class));
  }

  /** One model. */
  public ModelInfo model(ModelName name) {
    return sendJson("GET", "/models/" + name, BodyPublishers.noBody(), null, ModelInfo.class);
  }

  /** Makes {@code owner} the owner of model {@code name} (an admin's call). */
  public ModelInfo transferOwnership(ModelName name, String owner) {
    return sendJson(
        "PUT",
        "/models/" + name + "/owner",
        json(Map.of("owner", owner)),
        "application/json",
        ModelInfo.class);
  }

  /**
   * Publishes the next version of {@code name} from two artifact files (multipart, streamed from
   * disk).
   */
  public ModelVersionInfo publishVersion(ModelName name, Path clientArtifact, Path serverArtifact) {
    Map<String, Path> parts = new LinkedHashMap<>();
    parts.put("client", clientArtifact);
    parts.put("server", serverArtifact);
    return send(
        "POST",
        "/models/" + name + "/versions",
        () -> {
          MultipartBody body = MultipartBody.ofFiles(parts);
          return new Body(body.publisher(), body.contentType());
        },
        HttpResponse.BodyHandlers.ofByteArray(),
        r -> parse(r.body(), JSON.constructType(ModelVersionInfo.class)));
  }

  /** The versions of a model, ascending. */
  public List<ModelVersionInfo> versions(ModelName name) {
    return sendJson(
        "GET",
        "/models/" + name + "/versions",
        BodyPublishers.noBody(),
        null,
        listOf(ModelVersionInfo.class));
  }

  /**
   * The current version of {@code stage} (its highest-numbered version, {@link
   * Stage#currentVersion}), or empty when no version of the model is in it.
   */
  public Optional<ModelVersionInfo> currentVersion(ModelName name, Stage stage) {
    return stage.currentVersion(versions(name));
  }

  /** One version's metadata. */
  public ModelVersionInfo version(ModelName name, ModelVersion version) {
    return sendJson(
        "GET",
        "/models/" + name + "/versions/" + version,
        BodyPublishers.noBody(),
        null,
        ModelVersionInfo.class);
  }

  /** A stream of one half of a version; the caller closes it. */
  public InputStream openArtifact(ModelName name, ModelVersion version, ArtifactHalf half) {
    return openStream("/models/" + name + "/versions/" + version + "/" + half.wireName());
  }

  /**
   * Downloads one half to {@code target} (written to a temporary file, then renamed); answers its
   * size.
   */
  public long downloadArtifact(
      ModelName name, ModelVersion version, ArtifactHalf half, Path target) {
    return download("/models/" + name + "/versions/" + version + "/" + half.wireName(), target);
  }

  /** Moves a version to {@code stage}. */
  public ModelVersionInfo setStage(ModelName name, ModelVersion version, Stage stage) {
    return sendJson(
        "PUT",
        "/models/" + name + "/versions/" + version + "/stage",
        json(Map.of("stage", stage.wireName())),
        "application/json",
        ModelVersionInfo.class);
  }

  /** Deletes a version. */
  public void deleteVersion(ModelName name, ModelVersion version) {
    send(
        "DELETE",
        "/models/" + name + "/versions/" + version,
        () -> new Body(BodyPublishers.noBody(), null),
        HttpResponse.BodyHandlers.discarding(),
        r -> null);
  }

  // ---------------------------------------------------------------- evaluation keys

  /** Uploads an evaluation-key blob from {@code file}, streamed, for {@code parameterSet}. */
  public EvaluationKeyInfo uploadEvaluationKeys(Path file, ParameterSetId parameterSet) {
    String path =
        "/keys?parameterSet=" + URLEncoder.encode(parameterSet.value(), StandardCharsets.UTF_8);
    return send(
        "POST",
        path,
        () -> new Body(BodyPublishers.ofFile(file), "application/octet-stream"),
        HttpResponse.BodyHandlers.ofByteArray(),
        r -> parse(r.body(), JSON.constructType(EvaluationKeyInfo.class)));
  }

  /** The metadata of keys {@code id} (a HEAD request), or empty when the registry has none. */
  public Optional<EvaluationKeyInfo> evaluationKeyInfo(KeyId id) {
    try {
      return Optional.of(
          send(
              "HEAD",
              "/keys/" + id,
              () -> new Body(BodyPublishers.noBody(), null),
              HttpResponse.BodyHandlers.discarding(),
              r ->
                  new EvaluationKeyInfo(
                      id,
                      ParameterSetId.of(r.headers().firstValue("X-Parameter-Set").orElseThrow()),
                      r.headers().firstValue("X-Owner").orElse(""),
                      r.headers().firstValueAsLong("Content-Length").orElse(-1),
                      r.headers().firstValue("X-Created-At").orElse(""))));
    } catch (RegistryClientException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** A stream of the bytes of keys {@code id}; the caller closes it. */
  public InputStream openEvaluationKeys(KeyId id) {
    return openStream("/keys/" + id);
  }

  /**
   * Downloads keys {@code id} to {@code target} (temporary file, then rename); answers the size.
   */
  public long downloadEvaluationKeys(KeyId id, Path target) {
    return download("/keys/" + id, target);
  }

  /** Deletes keys {@code id} (their owner or an admin). */
  public void deleteEvaluationKeys(KeyId id) {
    send(
        "DELETE",
        "/keys/" + id,
        () -> new Body(BodyPublishers.noBody(), null),
        HttpResponse.BodyHandlers.discarding(),
        r -> null);
  }

  // ---------------------------------------------------------------- cache

  /**
   * A cache over this client of decoded evaluation keys and server artifacts, sharing one bound of
   * {@code maxBytes} (as reported by the decoders).
   */
  public <K, S> RegistryCache<K, S> cache(
      long maxBytes, BlobDecoder<K> keyDecoder, BlobDecoder<S> serverArtifactDecoder) {
    return new RegistryCache<>(this, maxBytes, keyDecoder, serverArtifactDecoder);
  }

  // ---------------------------------------------------------------- HTTP plumbing

  private record Body(BodyPublisher publisher, String contentType) {}

  @FunctionalInterface
  private interface BodySupplier {
    Body get() throws IOException;
  }

  @FunctionalInterface
  private interface ResponseMapper<B, T> {
    T map(HttpResponse<B> response) throws IOException;
  }

  private static BodyPublisher json(Object value) {
    try {
      return BodyPublishers.ofByteArray(JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static JavaType listOf(Class<?> element) {
    return JSON.getTypeFactory().constructCollectionType(List.class, element);
  }

  private static <T> T parse(byte[] body, JavaType type) throws IOException {
    return JSON.readValue(body, type);
  }

  private <T> T sendJson(
      String method, String path, BodyPublisher body, String contentType, Class<T> type) {
    return sendJson(method, path, body, contentType, JSON.constructType(type));
  }

  private <T> T sendJson(
      String method, String path, BodyPublisher body, String contentType, JavaType type) {
    return send(
        method,
        path,
        () -> new Body(body, contentType),
        HttpResponse.BodyHandlers.ofByteArray(),
        r -> parse(r.body(), type));
  }

  private InputStream openStream(String path) {
    return send(
        "GET",
        path,
        () -> new Body(BodyPublishers.noBody(), null),
        HttpResponse.BodyHandlers.ofInputStream(),
        HttpResponse::body);
  }

  private long download(String path, Path target) {
    Path absolute = target.toAbsolutePath();
    // Each attempt restarts the file, so a retried download never appends to a partial one.
    return send(
        "GET",
        path,
        () -> new Body(BodyPublishers.noBody(), null),
        HttpResponse.BodyHandlers.ofInputStream(),
        r -> {
          Path temp =
              Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".part");
          try (InputStream in = r.body()) {
            long size = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                temp,
                absolute,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
            return size;
          } finally {
            Files.deleteIfExists(temp);
          }
        });
  }

  /**
   * One call with retries: a fresh body per attempt; a 2xx is mapped, a 4xx thrown at once with the
   * server's message, a 5xx or an I/O failure retried after a backoff until attempts run out.
   */
  private <B, T> T send(
      String method,
      String path,
      BodySupplier body,
      HttpResponse.BodyHandler<B> handler,
      ResponseMapper<B, T> mapper) {
    URI uri = URI.create(base + path);
    RegistryClientException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        sleepBackoff(attempt - 1);
      }
      try {
        Body b = body.get();
        // No Expect: 100-continue: Java 17's client waits forever when the answer to it is not 100
        // (e.g. the server's early 413); the server answers an oversize body at once instead.
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri).timeout(requestTimeout).method(method, b.publisher());
        if (b.contentType() != null) {
          request.header("Content-Type", b.contentType());
        }
        if (token != null) {
          request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<B> response = http.send(request.build(), handler);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return mapper.map(response);
        }
        String message =
            method + " " + path + " answered " + status + ": " + errorMessage(response);
        if (status < 500) {
          throw new RegistryClientException(status, message, null);
        }
        last = new RegistryClientException(status, message, null);
      } catch (IOException e) {
        last = new RegistryClientException(0, method + " " + path + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryClientException(0, method + " " + path + " interrupted", e);
      }
    }
    throw new RegistryClientException(
        last.status(),
        last.getMessage() + " (after " + maxAttempts + " attempts)",
        last.getCause());
  }

  private void sleepBackoff(int retry) {
    long base =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry - 1, 20));
    // Full jitter in [base/2, base]: clients that failed together do not retry together.
    long millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryClientException(0, "interrupted during backoff", e);
    }
  }

  /** The server's {@code message} field, or the raw body, or the X-Error header of a HEAD. */
  private static String errorMessage(HttpResponse<?> response) {
    Object body = response.body();
    byte[] bytes = null;
    try {
      if (body instanceof byte[] b) {
        bytes = b;
      } else if (body instanceof InputStream in) {
        try (in) {
          bytes = in.readNBytes(64 * 1024);
        }
      }
    } catch (IOException e) {
      return "(unreadable error body)";
    }
    if (bytes == null || bytes.length == 0) {
      return response.headers().firstValue("X-Error").orElse("(no message)");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (IOException e) {
      // Not JSON: the raw text says what it says.
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
