package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.a6.e2e.Route.Conf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * a6-opentelemetry beside the sample runner, exporting with its defaults (OTLP over HTTP) to a
 * collector stand-in: a request that carries a W3C {@code traceparent} (as APISIX's
 * opentelemetry plugin sets it before ext-plugin-pre-req runs) gets a span per plugin, as children
 * of the request's span; a request without one gets none.
 */
class TracingIT {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String APISIX_SPAN = "b7ad6b7169203331";
  private static final String UNTRACED_ROUTE = "untraced-route";

  /** What the runner exported, one OTLP/HTTP protobuf request body each. */
  private static final List<byte[]> exports = new ArrayList<>();

  private static final HttpServer collector = startCollector();

  @RegisterExtension
  static final E2e e2e =
      new E2e()
          .runnerJvmFlags(
              "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:"
                  + collector.getAddress().getPort(),
              "-Dotel.bsp.schedule.delay=50",
              "-Dotel.metrics.exporter=none",
              "-Dotel.logs.exporter=none")
          .runnerClassPath(tracingClassPath());

  @AfterAll
  static void stopCollector() {
    collector.stop(0);
  }

  @Test
  void eachPluginOfATracedRequestIsASpanUnderTheRequestsSpan() throws Exception {
    e2e.routes(
        Route.of("traced", "/traced")
            .preReq(
                Conf.of("key-auth", Map.of("keys", List.of("k"))),
                Conf.of("say", Map.of("body", "traced"))),
        Route.of(UNTRACED_ROUTE, "/untraced").preReq(Conf.of("say", Map.of("body", "untraced"))));

    assertThat(e2e.runner().log())
        .contains("filter observer dev.a6.opentelemetry.TracingObserver is on");
    assertThat(e2e.send(Http.get("/untraced")).status()).isEqualTo(200);
    Http.Response response =
        e2e.send(
            Http.get("/traced")
                .header("X-API-Key", "k")
                .header("traceparent", "00-" + TRACE_ID + "-" + APISIX_SPAN + "-01"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo("traced");

    byte[] exported = awaitExport("a6 say");
    // OTLP's protobuf carries ids as raw bytes and names as UTF-8: both spans are there, in the
    // trace APISIX started, and name the request's span as their parent.
    assertThat(count(exported, bytes(TRACE_ID))).isEqualTo(2);
    assertThat(count(exported, bytes(APISIX_SPAN))).isEqualTo(2);
    assertThat(count(exported, "a6 key-auth".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
    assertThat(count(exported, "a6 say".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
    assertThat(count(exported, "a6.outcome".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(count(exported, "a6-runner".getBytes(StandardCharsets.UTF_8))).isPositive();
    assertThat(count(exported, UNTRACED_ROUTE.getBytes(StandardCharsets.UTF_8))).isZero();
  }

  /**
   * Waits until the exports hold {@code name}, then a little more for any batch exported after
   * it, and returns every export as one array.
   */
  private static byte[] awaitExport(String name) throws Exception {
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (count(exported(), wanted) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no span \"" + name + "\" exported within 10 s; runner log:\n" + e2e.runner().log());
      }
      Thread.sleep(50);
    }
    Thread.sleep(300);
    return exported();
  }

  private static byte[] exported() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    synchronized (exports) {
      exports.forEach(all::writeBytes);
    }
    return all.toByteArray();
  }

  private static int count(byte[] haystack, byte[] needle) {
    int count = 0;
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      count++;
    }
    return count;
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** Accepts OTLP/HTTP trace exports and answers each with an empty (valid) response. */
  private static HttpServer startCollector() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/v1/traces",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (exports) {
              exports.add(body);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** a6-opentelemetry and the OpenTelemetry SDK, as the build resolved them for this module. */
  private static List<Path> tracingClassPath() {
    String classPath = System.getProperty("a6.tracingClassPath", "");
    if (classPath.isBlank()) {
      throw new IllegalStateException(
          "a6.tracingClassPath is not set: run the e2e module through Maven, which resolves it");
    }
    List<Path> entries = new ArrayList<>();
    for (String entry : classPath.split(":")) {
      entries.add(Path.of(entry));
    }
    return entries;
  }
}
