package io.fhestreams.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A Confluent Schema Registry client over HTTP ({@code java.net.http}, JSON through Jackson),
 * without a cache (wrap it in {@link CachedSchemaRegistryClient}).
 *
 * <p>Speaks the REST subset documented by Confluent: {@code POST /subjects/{s}/versions}, {@code
 * POST /subjects/{s}}, {@code GET /schemas/ids/{id}}, {@code GET /subjects/{s}/versions/latest} and
 * {@code POST /compatibility/subjects/{s}/versions/latest}, with content type {@code
 * application/vnd.schemaregistry.v1+json} and errors as {@code {"error_code": N, "message":
 * "..."}}. The base URLs are tried in order; the next one is tried only when a URL cannot be
 * reached.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  /** Content type of the Confluent REST API, version 1. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final List<URI> baseUrls;
  private final Optional<String> authorization;
  private final SchemaRegistryConfig config;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /** A client for the registry named by {@code config}; it must not be a {@code mock://} config. */
  public RestSchemaRegistryClient(SchemaRegistryConfig config) {
    if (config.isMock()) {
      throw new IllegalArgumentException(
          "mock:// URLs have no HTTP endpoint; use InMemorySchemaRegistry");
    }
    this.config = config;
    List<URI> plain = new ArrayList<>();
    for (URI u : config.urls()) {
      // Credentials travel in the Authorization header, never in the request line.
      plain.add(
          URI.create(
              u.getScheme()
                  + "://"
                  + u.getHost()
                  + (u.getPort() < 0 ? "" : ":" + u.getPort())
                  + (u.getRawPath() == null ? "" : u.getRawPath())));
    }
    this.baseUrls = List.copyOf(plain);
    this.authorization =
        config
            .bearerToken()
            .map(token -> "Bearer " + token)
            .or(
                () ->
                    config
                        .userInfo()
                        .map(
                            info ->
                                "Basic "
                                    + Base64.getEncoder()
                                        .encodeToString(info.getBytes(StandardCharsets.UTF_8))));
    this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    return call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema))
        .path("id")
        .asInt();
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    return call("POST", "/subjects/" + encode(subject), schemaBody(schema)).path("id").asInt();
  }

  @Override
  public Schema schemaById(int id) {
    return parse(
        call("GET", "/schemas/ids/" + id, null).path("schema").asText(), "schema id " + id);
  }

  @Override
  public SchemaVersion latestVersion(String subject) {
    JsonNode node = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    return new SchemaVersion(
        node.path("subject").asText(subject),
        node.path("version").asInt(),
        node.path("id").asInt(),
        parse(node.path("schema").asText(), "latest version of " + subject));
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return call(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest",
            schemaBody(schema))
        .path("is_compatible")
        .asBoolean(false);
  }

  @Override
  public String toString() {
    return "RestSchemaRegistryClient[" + config + "]";
  }

  private String schemaBody(Schema schema) {
    return json.createObjectNode().put("schema", schema.toString()).toString();
  }

  private JsonNode call(String method, String path, String body) {
    SchemaRegistryException lastUnreachable = null;
    for (URI base : baseUrls) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(config.requestTimeout())
              .header("Accept", CONTENT_TYPE + ", application/json");
      authorization.ifPresent(a -> request.header("Authorization", a));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
        request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response;
      try {
        response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (ConnectException | HttpTimeoutException e) {
        lastUnreachable =
            new SchemaRegistryException("schema registry unreachable at " + base + ": " + e, e);
        continue;
      } catch (IOException e) {
        lastUnreachable =
            new SchemaRegistryException("schema registry I/O error at " + base + ": " + e, e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "interrupted while calling the schema registry at " + base, e);
      }
      return decode(method, base + path, response);
    }
    throw lastUnreachable;
  }

  private JsonNode decode(String method, String url, HttpResponse<String> response) {
    JsonNode node;
    try {
      node =
          json.readTree(
              response.body() == null || response.body().isEmpty() ? "{}" : response.body());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          response.statusCode(),
          response.statusCode(),
          method
              + " "
              + url
              + " answered with a body that is not JSON: "
              + abbreviate(response.body()));
    }
    if (response.statusCode() / 100 != 2) {
      throw new SchemaRegistryException(
          response.statusCode(),
          node.path("error_code").asInt(response.statusCode()),
          method + " " + url + ": " + node.path("message").asText("no message"));
    }
    return node;
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.INVALID_SCHEMA,
          "the registry returned an invalid Avro schema for " + what + ": " + e.getMessage());
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
