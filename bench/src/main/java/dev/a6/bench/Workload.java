package dev.a6.bench;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the benchmarks send: a realistic request as APISIX encodes it (a path, 15 lower-cased
 * headers including authorization, 3 args, a 4-byte client address), and the answers APISIX gives
 * to ExtraInfo requests (a 1 KiB request body, a 4 KiB response body, variables).
 */
public final class Workload {
  /** The API key the requests carry, for chains with key-auth. */
  public static final String API_KEY = "bench-key-0123456789";
  /** A PrepareConf key as APISIX builds it: conf_type#conf_id#plugin#conf_version. */
  public static final String CONF_KEY = "route#1#ext-plugin-pre-req#17";

  /** The measured chains, as {@code name=conf-json} specs. A stop: say answers at once. */
  public static final List<String> SAY_CHAIN =
      List.of("say={\"body\":\"hello from the runner\"}");
  /** A rewrite: the key is checked and removed, and the body replaced. */
  public static final List<String> REWRITE_CHAIN =
      List.of(
          "key-auth={\"keys\":[\"" + API_KEY + "\"]}",
          "request-body-rewrite={\"new_body\":\"{\\\"user\\\":42}\"}");
  /** A response-phase change: one header added to the upstream's. */
  public static final List<String> RESPONSE_CHAIN =
      List.of("response-rewrite={\"headers\":{\"X-Bench\":\"1\"}}");

  public static final byte[] REQUEST_BODY = filler(1024);
  public static final byte[] RESPONSE_BODY = filler(4096);

  private Workload() {}

  public static List<Entry> headers() {
    return List.of(
        new Entry("host", "api.example.com"),
        new Entry("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"),
        new Entry("accept", "application/json, text/plain, */*"),
        new Entry("accept-encoding", "gzip, deflate, br"),
        new Entry("accept-language", "en-US,en;q=0.9"),
        new Entry("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
        new Entry("cache-control", "no-cache"),
        new Entry("connection", "keep-alive"),
        new Entry("content-type", "application/json"),
        new Entry("cookie", "session=7f3a9c2e1b; theme=dark"),
        new Entry("x-api-key", API_KEY),
        new Entry("x-forwarded-for", "203.0.113.7"),
        new Entry("x-forwarded-proto", "https"),
        new Entry("x-real-ip", "203.0.113.7"),
        new Entry("x-request-id", "4bf92f3577b34da6a3ce929d0e0e4736"));
  }

  public static List<Entry> args() {
    return List.of(new Entry("page", "2"), new Entry("per_page", "50"), new Entry("sort", "name"));
  }

  public static byte[] sourceIp() {
    return new byte[] {(byte) 203, 0, 113, 7};
  }

  /** The HTTPReqCall payload for a conf token. */
  public static ByteBuffer requestCall(long id, long token) {
    return ApisixCodec.requestCall(
        id, token, sourceIp(), "GET", "/api/v1/users/42", args(), headers());
  }

  /** The HTTPRespCall payload for a conf token: an upstream's JSON response. */
  public static ByteBuffer responseCall(long id, long token) {
    return ApisixCodec.responseCall(
        id,
        token,
        200,
        List.of(
            new Entry("Content-Type", "application/json"),
            new Entry("Content-Length", Integer.toString(RESPONSE_BODY.length)),
            new Entry("Server", "upstream/1.0"),
            new Entry("Date", "Fri, 27 Nov 2026 12:00:00 GMT"),
            new Entry("Cache-Control", "private, max-age=0"),
            new Entry("Set-Cookie", "a=1; Path=/"),
            new Entry("Set-Cookie", "b=2; Path=/"),
            new Entry("X-Upstream-Id", "u-42")));
  }

  /** The answer to a variable request: a plausible value for the common ones. */
  public static byte[] varValue(String name) {
    String value =
        switch (name) {
          case "remote_addr" -> "203.0.113.7";
          case "server_addr" -> "10.0.0.2";
          case "route_id" -> "1";
          case "uri" -> "/api/v1/users/42";
          case "request_method" -> "GET";
          default -> "";
        };
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** A PrepareConf conf list from {@code name=json} specs. */
  public static List<Entry> chain(List<String> specs) {
    List<Entry> chain = new ArrayList<>();
    for (String spec : specs) {
      int equals = spec.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("a plugin is name=conf-json, got " + spec);
      }
      chain.add(new Entry(spec.substring(0, equals), spec.substring(equals + 1)));
    }
    return chain;
  }

  static byte[] filler(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    byte[] json = "{\"data\":\"".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(json, 0, bytes, 0, json.length);
    bytes[size - 2] = '"';
    bytes[size - 1] = '}';
    return bytes;
  }
}
