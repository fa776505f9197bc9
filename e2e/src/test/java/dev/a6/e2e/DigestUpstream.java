package dev.a6.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upstream for bodies too large for the echo upstream to echo: it answers with the length and
 * SHA-256 of the body it received, and the content-length it was announced, as {@code
 * length=N sha256=HEX content-length=V}.
 */
final class DigestUpstream implements AutoCloseable {
  private final HttpServer server;

  DigestUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(
        "/",
        exchange -> {
          byte[] reply;
          try (InputStream body = exchange.getRequestBody()) {
            reply =
                describe(
                        body,
                        exchange.getRequestHeaders().getFirst("Content-Length"))
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.sendResponseHeaders(200, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** What this upstream answers for {@code body} announced with {@code contentLength}. */
  static String expected(byte[] body) {
    return "length=" + body.length + " sha256=" + sha256(body) + " content-length=" + body.length;
  }

  private static String describe(InputStream body, String contentLength) throws IOException {
    MessageDigest digest = newDigest();
    long length = 0;
    byte[] buffer = new byte[65536];
    for (int n; (n = body.read(buffer)) >= 0; ) {
      digest.update(buffer, 0, n);
      length += n;
    }
    return "length=" + length + " sha256=" + HexFormat.of().formatHex(digest.digest())
        + " content-length=" + contentLength;
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
