package io.fhestreams.registry.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.auth.Principal;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares endpoints on Javalin with what every one of them needs: bearer authentication (401),
 * role checks (403), errors as JSON in the registry's or Confluent's shape, and a timer per route.
 */
final class Routes {
  static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

  /** How errors are shaped: the registry's own, or Confluent's {@code error_code}. */
  enum ErrorStyle {
    REGISTRY,
    CONFLUENT
  }

  /** An endpoint body, called once the caller is authenticated and authorized. */
  interface Endpoint {
    void handle(Context ctx, Principal who) throws Exception;
  }

  /** A refusal with a Confluent error code (e.g. 40401 subject not found). */
  static final class ConfluentError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int errorCode;

    ConfluentError(int status, int errorCode, String message) {
      super(message);
      this.status = status;
      this.errorCode = errorCode;
    }
  }

  private final RoutesConfig javalin;
  private final TokenAuthenticator tokens;
  private final MeterRegistry meters;
  private final List<ApiRoute> declared = new ArrayList<>();

  Routes(RoutesConfig javalin, TokenAuthenticator tokens, MeterRegistry meters) {
    this.javalin = javalin;
    this.tokens = tokens;
    this.meters = meters;
  }

  List<ApiRoute> declared() {
    return List.copyOf(declared);
  }

  void add(HandlerType method, String path, Set<Role> roles, ErrorStyle style, Endpoint endpoint) {
    add(new ApiRoute(method.name(), path, roles, false), style, endpoint);
  }

  void add(ApiRoute route, ErrorStyle style, Endpoint endpoint) {
    declared.add(route);
    HandlerType method = HandlerType.findOrCreate(route.method());
    javalin.addHttpHandler(
        method,
        route.path(),
        ctx -> {
          long start = System.nanoTime();
          try {
            Principal who = route.isPublic() ? null : authorize(ctx, route.roles());
            endpoint.handle(ctx, who);
          } catch (RegistryException e) {
            refuse(
                ctx,
                style,
                e.kind().httpStatus(),
                confluentCode(e.kind().httpStatus()),
                e.getMessage());
          } catch (ConfluentError e) {
            refuse(ctx, style, e.status, e.errorCode, e.getMessage());
          } catch (Exception e) {
            RegistryException cause = findCause(e);
            if (cause != null) {
              refuse(
                  ctx,
                  style,
                  cause.kind().httpStatus(),
                  confluentCode(cause.kind().httpStatus()),
                  cause.getMessage());
            } else {
              LOG.error("{} {} failed", route.method(), route.path(), e);
              refuse(ctx, style, 500, 50001, "internal error: " + e.getClass().getSimpleName());
            }
          } finally {
            Timer.builder("registry.http.requests")
                .tag("method", route.method())
                .tag("route", route.path())
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(meters)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          }
        });
  }

  /** A RegistryException wrapped by a library (e.g. Jetty's multipart parser), if any. */
  private static RegistryException findCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RegistryException r) {
        return r;
      }
    }
    return null;
  }

  private Principal authorize(Context ctx, Set<Role> allowed) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new RegistryException(
          RegistryException.Kind.UNAUTHORIZED,
          "missing bearer token (Authorization: Bearer TOKEN)");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      throw new RegistryException(
          RegistryException.Kind.UNAUTHORIZED, "the Authorization header must be 'Bearer TOKEN'");
    }
    Optional<Principal> who = tokens.authenticate(header.substring(7).trim());
    if (who.isEmpty()) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, "unknown bearer token");
    }
    if (!who.get().hasAny(allowed)) {
      throw new RegistryException(
          RegistryException.Kind.FORBIDDEN,
          "'"
              + who.get().name()
              + "' has roles "
              + who.get().roles().stream().map(Role::wireName).sorted().toList()
              + "; this endpoint needs one of "
              + allowed.stream().map(Role::wireName).sorted().toList());
    }
    return who.get();
  }

  private static int confluentCode(int status) {
    return switch (status) {
      case 401 -> 40101;
      case 403 -> 40301;
      case 409 -> 409;
      case 413 -> 413;
      case 422 -> 42201;
      default -> status * 100 + 1;
    };
  }

  private static void refuse(
      Context ctx, ErrorStyle style, int status, int confluentCode, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (style == ErrorStyle.CONFLUENT) {
      body.put("error_code", confluentCode);
      body.put("message", message);
    } else {
      body.put("status", status);
      body.put("message", message);
    }
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"fhe-registry\"");
    }
    ctx.status(status);
    if (ctx.method() == HandlerType.POST || ctx.method() == HandlerType.PUT) {
      // The body may be unread (refused before it was consumed). Closing a socket with unread input
      // makes TCP reset it, and the client can lose this answer: read a bounded rest first, and
      // tell the client not to reuse the connection.
      ctx.header("Connection", "close");
      drain(ctx);
    }
    if (ctx.method() == HandlerType.HEAD) {
      ctx.header("X-Error", message);
      return;
    }
    try {
      ctx.contentType(style == ErrorStyle.CONFLUENT ? CONFLUENT_JSON : "application/json");
      ctx.result(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      ctx.result(message);
    }
  }

  /**
   * Bytes of an unread body read and discarded before a refusal; past it the client may see a
   * reset.
   */
  private static final long DRAIN_LIMIT = 4L << 20;

  /**
   * Reads and discards the unread body, up to {@link #DRAIN_LIMIT}, when that lets the client read
   * the refusal. Not when the client waits for "100 Continue" before sending (reading would invite
   * the body), nor when the declared length is past the bound (the rest would be reset anyway, and
   * a client that sent only headers would hold the answer until the idle timeout).
   */
  private static void drain(Context ctx) {
    String expect = ctx.header("Expect");
    if (expect != null && expect.trim().equalsIgnoreCase("100-continue")) {
      return;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > DRAIN_LIMIT) {
      return;
    }
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] buffer = new byte[16 * 1024];
      long left = DRAIN_LIMIT;
      for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException | IllegalStateException e) {
      // Nothing more to read, or the body was taken as parts: the answer goes out as it is.
    }
  }

  /** Writes {@code value} as JSON with {@code status}. */
  static void json(Context ctx, int status, Object value, String contentType) throws IOException {
    ctx.status(status).contentType(contentType).result(JSON.writeValueAsBytes(value));
  }

  /** Reads a JSON body as {@code type}, refusing (400) what does not parse. */
  static <T> T body(Context ctx, Class<T> type) {
    try {
      T value = JSON.readValue(ctx.bodyAsBytes(), type);
      if (value == null) {
        throw RegistryException.invalid("the request body must be a JSON object");
      }
      return value;
    } catch (IOException e) {
      RegistryException inner = findCause(e);
      throw inner != null
          ? inner
          : RegistryException.invalid("malformed JSON body: " + e.getMessage());
    }
  }
}
