package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.e2e.Route.Conf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --metrics-listen}: what APISIX's traffic does to the counters, scraped over HTTP. */
class MetricsIT {
  private static final int PORT = freePort();

  @RegisterExtension
  static final E2e e2e = new E2e().runnerArgs("--metrics-listen", "127.0.0.1:" + PORT);

  @Test
  void countsEachPluginsOutcomesAndTheRoutesThatFailToPrepare() throws Exception {
    e2e.routes(
        Route.of("counted", "/counted")
            .preReq(
                Conf.of("key-auth", Map.of("keys", List.of("k"))),
                Conf.of("say", Map.of("body", "counted"))),
        Route.of("broken", "/broken").preReq(Conf.of("say", Map.of("body", List.of()))));

    for (int i = 0; i < 3; i++) {
      Http.Response ok = e2e.send(Http.get("/counted").header("X-API-Key", "k"));
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.text()).isEqualTo("counted");
    }
    for (int i = 0; i < 2; i++) {
      assertThat(e2e.send(Http.get("/counted").header("X-API-Key", "bad")).status())
          .isEqualTo(401);
    }
    assertThat(e2e.send(Http.get("/broken")).status()).isEqualTo(503);

    String scrape = scrape();
    // key-auth removes the key header it accepted: a rewrite.
    assertThat(value(scrape, "a6_filter_calls_total{outcome=\"rewrite\",phase=\"request\",plugin=\"key-auth\"}"))
        .isEqualTo(3);
    assertThat(value(scrape, "a6_filter_calls_total{outcome=\"stop\",phase=\"request\",plugin=\"key-auth\"}"))
        .isEqualTo(2);
    assertThat(value(scrape, "a6_filter_calls_total{outcome=\"stop\",phase=\"request\",plugin=\"say\"}"))
        .isEqualTo(3);
    assertThat(value(scrape, "a6_filter_duration_seconds_count{phase=\"request\",plugin=\"say\"}"))
        .isEqualTo(3);
    assertThat(value(scrape, "a6_prepare_conf_total{result=\"ok\"}")).isEqualTo(1);
    assertThat(value(scrape, "a6_prepare_conf_total{result=\"bad_conf\"}")).isPositive();
    assertThat(value(scrape, "a6_error_replies_total{code=\"bad_request\"}")).isPositive();
    assertThat(value(scrape, "a6_conf_cache_entries")).isEqualTo(1);
    assertThat(value(scrape, "a6_calls_in_flight")).isZero();
  }

  private static String scrape() throws IOException {
    HttpURLConnection http =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + PORT + "/metrics").toURL().openConnection();
    try (InputStream in = http.getInputStream()) {
      assertThat(http.getResponseCode()).isEqualTo(200);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      http.disconnect();
    }
  }

  private static double value(String scrape, String series) {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertThat(matcher.find()).as("series %s in:%n%s", series, scrape).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
