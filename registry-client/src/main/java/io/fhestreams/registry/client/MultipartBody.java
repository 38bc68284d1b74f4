package io.fhestreams.registry.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body whose parts are files, streamed from disk by {@link
 * BodyPublishers#ofFile} (RFC 7578 framing), as {@code POST /models/{name}/versions} expects.
 *
 * @param publisher the body
 * @param contentType the header value, with the boundary
 */
public record MultipartBody(BodyPublisher publisher, String contentType) {

  /** A body with one part per entry (part name to file), in the map's order. */
  public static MultipartBody ofFiles(Map<String, Path> parts) throws FileNotFoundException {
    String boundary = "fhe-" + UUID.randomUUID();
    List<BodyPublisher> pieces = new ArrayList<>();
    for (Map.Entry<String, Path> part : parts.entrySet()) {
      pieces.add(
          ascii(
              "--"
                  + boundary
                  + "\r\n"
                  + "Content-Disposition: form-data; name=\""
                  + part.getKey()
                  + "\"; filename=\""
                  + part.getKey()
                  + ".bin\"\r\n"
                  + "Content-Type: application/octet-stream\r\n\r\n"));
      pieces.add(BodyPublishers.ofFile(part.getValue()));
      pieces.add(ascii("\r\n"));
    }
    pieces.add(ascii("--" + boundary + "--\r\n"));
    return new MultipartBody(
        BodyPublishers.concat(pieces.toArray(BodyPublisher[]::new)),
        "multipart/form-data; boundary=" + boundary);
  }

  private static BodyPublisher ascii(String text) {
    return HttpRequest.BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.US_ASCII));
  }
}
