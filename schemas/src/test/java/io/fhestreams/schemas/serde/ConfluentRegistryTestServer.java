package io.fhestreams.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A tiny HTTP server (JDK {@code com.sun.net.httpserver}) speaking the Confluent Schema Registry
 * REST subset, backed by an {@link InMemorySchemaRegistry}. Test fixture: it lets the REST client
 * and the independent Python peer (and streams-app's multi-JVM integration tests, through the test
 * jar) talk to a registry over real HTTP. Optionally demands HTTP basic authentication.
 */
public final class ConfluentRegistryTestServer implements AutoCloseable {

  private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
  private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
  private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
  private static final Pattern COMPATIBILITY =
      Pattern.compile("/compatibility/subjects/([^/]+)/versions/latest");

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final Optional<String> expectedAuthorization;

  /** Every request seen, as "METHOD path". */
  final List<String> requests = new CopyOnWriteArrayList<>();

  private ConfluentRegistryTestServer(Optional<String> expectedAuthorization) throws IOException {
    this.expectedAuthorization = expectedAuthorization;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A server without authentication. */
  public static ConfluentRegistryTestServer start() throws IOException {
    return new ConfluentRegistryTestServer(Optional.empty());
  }

  /** A server that answers 401 unless the request carries this exact Authorization header. */
  static ConfluentRegistryTestServer startWithAuthorization(String authorization)
      throws IOException {
    return new ConfluentRegistryTestServer(Optional.of(authorization));
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public InMemorySchemaRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      requests.add(method + " " + path);
      if (expectedAuthorization.isPresent()
          && !expectedAuthorization
              .get()
              .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, error(40101, "Unauthorized"));
        return;
      }
      try {
        reply(exchange, 200, route(method, path, exchange.getRequestBody()));
      } catch (SchemaRegistryException e) {
        reply(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
      } catch (SchemaParseException e) {
        reply(
            exchange,
            422,
            error(SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage()));
      }
    }
  }

  private ObjectNode route(String method, String path, InputStream body) throws IOException {
    Matcher m;
    ObjectNode out = json.createObjectNode();
    if (method.equals("POST") && (m = COMPATIBILITY.matcher(path)).matches()) {
      return out.put("is_compatible", registry.isCompatible(subject(m), schemaOf(body)));
    }
    if (method.equals("GET") && (m = LATEST.matcher(path)).matches()) {
      SchemaVersion v = registry.latestVersion(subject(m));
      return out.put("subject", v.subject())
          .put("version", v.version())
          .put("id", v.id())
          .put("schema", v.schema().toString());
    }
    if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
      return out.put("id", registry.register(subject(m), schemaOf(body)));
    }
    if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
      Schema schema = schemaOf(body);
      String subject = subject(m);
      return out.put("subject", subject)
          .put("id", registry.lookupId(subject, schema))
          .put("schema", schema.toString());
    }
    if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
      return out.put("schema", registry.schemaById(Integer.parseInt(m.group(1))).toString());
    }
    throw new SchemaRegistryException(404, 404, "no route for " + method + " " + path);
  }

  private static String subject(Matcher m) {
    return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
  }

  private Schema schemaOf(InputStream body) throws IOException {
    JsonNode node = json.readTree(body);
    return new Schema.Parser().parse(node.path("schema").asText());
  }

  private ObjectNode error(int code, String message) {
    return json.createObjectNode().put("error_code", code).put("message", message);
  }

  private void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
