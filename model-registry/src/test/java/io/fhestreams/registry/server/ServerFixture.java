package io.fhestreams.registry.server;

import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.client.MultipartBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tokens, a raw HTTP client and upload helpers shared by the server tests. */
final class ServerFixture {
  /** Token of each test principal (the config holds only hashes). */
  static final Map<String, String> TOKENS =
      Map.of(
          "pub",
          "token-publisher-1",
          "alice",
          "token-alice-2",
          "bob",
          "token-bob-3",
          "app",
          "token-reader-4",
          "root",
          "token-admin-5",
          "pub2",
          "token-publisher-6");

  static List<TokenEntry> tokenEntries() {
    return List.of(
        new TokenEntry(
            "pub", TokenAuthenticator.hashToken(TOKENS.get("pub")), List.of(Role.PUBLISHER)),
        new TokenEntry(
            "alice", TokenAuthenticator.hashToken(TOKENS.get("alice")), List.of(Role.KEY_OWNER)),
        new TokenEntry(
            "bob", TokenAuthenticator.hashToken(TOKENS.get("bob")), List.of(Role.KEY_OWNER)),
        new TokenEntry(
            "app", TokenAuthenticator.hashToken(TOKENS.get("app")), List.of(Role.READER)),
        new TokenEntry(
            "root", TokenAuthenticator.hashToken(TOKENS.get("root")), List.of(Role.ADMIN)),
        new TokenEntry(
            "pub2", TokenAuthenticator.hashToken(TOKENS.get("pub2")), List.of(Role.PUBLISHER)));
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final URI base;
  final Path scratch;
  private final HttpClient client;

  ServerFixture(URI base, Path scratch) {
    this(base, scratch, HTTP);
  }

  /** A fixture sending through its own {@code client} (its own connections). */
  ServerFixture(URI base, Path scratch, HttpClient client) {
    this.base = base;
    this.scratch = scratch;
    this.client = client;
  }

  HttpResponse<String> send(
      String method, String path, String principal, BodyPublisher body, String contentType)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).method(method, body);
    if (principal != null) {
      request.header("Authorization", "Bearer " + TOKENS.getOrDefault(principal, principal));
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String principal) throws IOException, InterruptedException {
    return send("GET", path, principal, BodyPublishers.noBody(), null);
  }

  HttpResponse<byte[]> getBytes(String path, String principal)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + TOKENS.get(principal))
            .GET()
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> json(String method, String path, String principal, String json)
      throws IOException, InterruptedException {
    return send(method, path, principal, BodyPublishers.ofString(json), "application/json");
  }

  /**
   * The status line and body of a request that declares {@code declaredLength} body bytes but sends
   * none: the answer of a server that refuses on the headers alone. Through a raw socket, since an
   * HTTP client sends the body it declares, and a server that refuses a large body while it is
   * still being written closes the connection under it (the client may then see a broken pipe
   * instead of the answer).
   */
  String sendHeadersOnly(
      String method, String path, String principal, long declaredLength, String... extraHeaders)
      throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      // shorter than the server's 30 s idle timeout: a refusal must not wait for the promised body
      socket.setSoTimeout(20_000);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: "
              + base.getHost()
              + "\r\nAuthorization: Bearer "
              + TOKENS.get(principal)
              + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
              + declaredLength
              + "\r\nConnection: close\r\n"
              + String.join("", Arrays.stream(extraHeaders).map(h -> h + "\r\n").toList())
              + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      // the answer's head, then its Content-Length of body: the server may keep the connection
      // open for the body it was promised
      InputStream in = socket.getInputStream();
      StringBuilder response = new StringBuilder();
      while (response.indexOf("\r\n\r\n") < 0) {
        int b = in.read();
        if (b < 0) {
          return response.toString();
        }
        response.append((char) b);
      }
      Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(response);
      if (length.find()) {
        response.append(
            new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
      }
      return response.toString();
    }
  }

  HttpResponse<String> uploadKeys(String principal, String parameterSet, byte[] blob)
      throws IOException, InterruptedException {
    return send(
        "POST",
        "/keys?parameterSet=" + parameterSet,
        principal,
        BodyPublishers.ofByteArray(blob),
        "application/octet-stream");
  }

  HttpResponse<String> publish(String model, String principal, byte[] client, byte[] server)
      throws IOException, InterruptedException {
    Path c = Files.write(Files.createTempFile(scratch, "client", ".bin"), client);
    Path s = Files.write(Files.createTempFile(scratch, "server", ".bin"), server);
    Map<String, Path> parts = new LinkedHashMap<>();
    parts.put("client", c);
    parts.put("server", s);
    MultipartBody body = MultipartBody.ofFiles(parts);
    return send(
        "POST", "/models/" + model + "/versions", principal, body.publisher(), body.contentType());
  }

  /** Small genuine evaluation keys, of {@link TestBlobs#LEVELED_PS}. */
  static byte[] keys(long seed) {
    return TestBlobs.keys(seed);
  }
}
