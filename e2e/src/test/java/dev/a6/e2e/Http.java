package dev.a6.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small HTTP/1.1 client over a plain socket, one connection per request. The tests need what
 * ordinary clients refuse to send: a GET with a body, a chunked body, a header repeated, exactly
 * these bytes.
 */
final class Http {
  /** Longer than any test needs, far shorter than APISIX's 60 s wait for the runner. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final String method;
  private final String target;
  private final List<String[]> headers = new ArrayList<>();
  private byte[] body;
  private boolean chunked;
  private Duration timeout = DEFAULT_TIMEOUT;

  private Http(String method, String target) {
    this.method = method;
    this.target = target;
  }

  static Http get(String target) {
    return new Http("GET", target);
  }

  static Http post(String target) {
    return new Http("POST", target);
  }

  static Http put(String target) {
    return new Http("PUT", target);
  }

  static Http request(String method, String target) {
    return new Http(method, target);
  }

  /** Adds a header line; call again with the same name for a repeated header. */
  Http header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  /** The body, sent with its {@code Content-Length} (or chunked, see {@link #chunked()}). */
  Http body(byte[] body) {
    this.body = body;
    return this;
  }

  Http body(String body) {
    return body(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the body with {@code Transfer-Encoding: chunked}, in chunks of up to 64 KiB. */
  Http chunked() {
    this.chunked = true;
    return this;
  }

  Http timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Sends the request to {@code 127.0.0.1:port} and reads the whole response. */
  Response send(int port) throws IOException {
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head(port));
      if (body != null) {
        writeBody(out);
      }
      out.flush();
      byte[] raw;
      try {
        raw = readToEnd(socket.getInputStream(), started);
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException(
            method + " " + target + ": no complete response within " + timeout.toMillis()
                + " ms");
      }
      return Response.parse(raw, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private byte[] head(int port) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    head.append("Connection: close\r\n");
    for (String[] header : headers) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    if (body != null) {
      head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length);
      head.append("\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void writeBody(OutputStream out) throws IOException {
    if (!chunked) {
      out.write(body);
      return;
    }
    for (int at = 0; at < body.length; at += 65536) {
      int length = Math.min(65536, body.length - at);
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, length);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] readToEnd(InputStream in, long started) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    long deadline = started + timeout.toNanos();
    for (int n; (n = in.read(buffer)) >= 0; ) {
      all.write(buffer, 0, n);
      if (System.nanoTime() > deadline) {
        throw new SocketTimeoutException("too slow");
      }
    }
    return all.toByteArray();
  }

  /** A response: header names in lower case, the body de-chunked. */
  record Response(int status, Map<String, List<String>> headers, byte[] body, Duration took) {

    /** The first value of a header, or {@code null}. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    List<String> headers(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the echo upstream answered (it marks every response). */
    boolean fromEcho() {
      return "e2e-echo".equals(header("x-upstream"));
    }

    @Override
    public String toString() {
      String text = text();
      String shown = text.length() > 600 ? text.substring(0, 600) + "…" : text;
      return status + " " + headers + " " + shown;
    }

    static Response parse(byte[] raw, Duration took) throws IOException {
      int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
      if (headEnd < 0) {
        throw new IOException(
            "incomplete response (" + raw.length + " bytes): "
                + new String(raw, StandardCharsets.ISO_8859_1));
      }
      String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
      byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
      List<String> encoding = headers.get("transfer-encoding");
      if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
        body = dechunk(body);
      }
      return new Response(status, headers, body, took);
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = 0;
      while (true) {
        int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
        if (lineEnd < 0) {
          throw new IOException("truncated chunked body");
        }
        String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
        int semicolon = size.indexOf(';');
        String hex = semicolon < 0 ? size : size.substring(0, semicolon);
        int length = Integer.parseInt(hex.trim(), 16);
        if (length == 0) {
          return out.toByteArray();
        }
        out.write(chunked, lineEnd + 2, length);
        at = lineEnd + 2 + length + 2;
      }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
      outer:
      for (int i = from; i <= haystack.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
