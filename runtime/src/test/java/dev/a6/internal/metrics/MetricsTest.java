package dev.a6.internal.metrics;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.apisix.TestClient;
import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.launch.StartupException;
import dev.a6.internal.transport.Server;
import dev.a6.internal.wire.Wire;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterObserver;
import dev.a6.spi.FilterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-listen} on a real runner, scraped over HTTP, and the filter observer hook. */
class MetricsTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  /** "deny" stops, "tag" rewrites, "pass" does nothing, "boom" throws, "stamp" edits a response. */
  private static final FilterRegistry FILTERS =
      TestBindings.registry(
          TestBindings.request(
              "deny",
              (conf, request, response, context) -> {
                response.stop(403);
                return DONE;
              }),
          TestBindings.request(
              "tag",
              (conf, request, response, context) -> {
                request.setHeader("x-tag", "1");
                return DONE;
              }),
          TestBindings.request("pass", (conf, request, response, context) -> DONE),
          TestBindings.request(
              "boom",
              (conf, request, response, context) -> {
                throw new IllegalStateException("boom");
              }),
          TestBindings.response(
              "stamp",
              FetchPlan.NONE,
              (conf, response, context) -> {
                response.setHeader("x-stamp", "1");
                return DONE;
              }));

  /** An observer whose every method throws. */
  private static final FilterObserver BROKEN =
      new FilterObserver() {
        @Override
        public @Nullable Object started(FilterRun run) {
          throw new IllegalStateException("observer bug");
        }

        @Override
        public void ended(
            FilterRun run, @Nullable Object started, Outcome outcome, long nanos,
            @Nullable Throwable failure) {
          throw new IllegalStateException("observer bug");
        }
      };

  @TempDir Path dir;
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(Server::stop);
  }

  private Server start(@Nullable String metricsListen, List<FilterObserver> observers) {
    List<String> args = new ArrayList<>(List.of("--listen", "unix:" + dir.resolve("r.sock")));
    if (metricsListen != null) {
      args.addAll(List.of("--metrics-listen", metricsListen));
    }
    RunnerConfig config = RunnerConfig.parse(args, name -> null);
    Server server = Server.start(config, FILTERS, observers);
    servers.add(server);
    return server;
  }

  private static String scrape(Server server) throws IOException {
    Get scrape = Get.of(server.metricsPort(), "/metrics");
    assertThat(scrape.contentType()).startsWith("text/plain");
    return scrape.body();
  }

  /** The value of one series, or fails naming the series. */
  private static double value(String scrape, String series) {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertThat(matcher.find()).as("series %s in:%n%s", series, scrape).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  @Test
  void countsEveryOutcomeOfEveryPluginAndTheRunnersRpcs() throws Exception {
    Server server = start("127.0.0.1:0", List.of());
    try (TestClient client = TestClient.connect(server.socket())) {
      long denyAfterTag = client.prepare("route#1", "tag", "", "pass", "", "deny", "");
      assertThat(client.call(Call.of(denyAfterTag)).stop().status()).isEqualTo(403);
      assertThat(client.call(Call.of(denyAfterTag)).stop().status()).isEqualTo(403);
      long boom = client.prepare("route#2", "boom", "");
      client.send(Wire.HTTP_REQ_CALL, Call.of(boom).encode());
      assertThat(client.receive().type()).isEqualTo(Wire.ERROR);
      long response = client.prepare("route#3", "stamp", "");
      client.send(
          Wire.HTTP_RESP_CALL, ApisixCodec.responseCall(9, response, 200, List.of()));
      assertThat(client.receive().type()).isEqualTo(Wire.HTTP_RESP_CALL);
      // An unknown plugin, a token the runner never gave, and a second PrepareConf of route#1.
      client.send(
          Wire.PREPARE_CONF, ApisixCodec.prepareConf("route#4", Harness.conf("nope", "")));
      assertThat(client.receive().type()).isEqualTo(Wire.ERROR);
      client.send(Wire.HTTP_REQ_CALL, Call.of(987_654).encode());
      assertThat(client.receive().type()).isEqualTo(Wire.ERROR);
      client.prepare("route#1", "tag", "", "pass", "", "deny", "");

      String scrape = scrape(server);
      assertThat(value(scrape, "a6_filter_calls_total{outcome=\"rewrite\",phase=\"request\",plugin=\"tag\"}"))
          .isEqualTo(2);
      assertThat(value(scrape, "a6_filter_calls_total{outcome=\"continue\",phase=\"request\",plugin=\"pass\"}"))
          .isEqualTo(2);
      assertThat(value(scrape, "a6_filter_calls_total{outcome=\"stop\",phase=\"request\",plugin=\"deny\"}"))
          .isEqualTo(2);
      assertThat(value(scrape, "a6_filter_calls_total{outcome=\"error\",phase=\"request\",plugin=\"boom\"}"))
          .isEqualTo(1);
      assertThat(value(scrape, "a6_filter_calls_total{outcome=\"rewrite\",phase=\"response\",plugin=\"stamp\"}"))
          .isEqualTo(1);
      // Series exist before they are used: a rate() over them starts at the first scrape.
      assertThat(value(scrape, "a6_filter_calls_total{outcome=\"stop\",phase=\"response\",plugin=\"pass\"}"))
          .isZero();
      assertThat(value(scrape, "a6_filter_duration_seconds_count{phase=\"request\",plugin=\"deny\"}"))
          .isEqualTo(2);
      assertThat(value(scrape, "a6_filter_duration_seconds_bucket{phase=\"request\",plugin=\"deny\",le=\"+Inf\"}"))
          .isEqualTo(2);
      assertThat(value(scrape, "a6_filter_duration_seconds_sum{phase=\"request\",plugin=\"deny\"}"))
          .isPositive();

      assertThat(value(scrape, "a6_prepare_conf_total{result=\"ok\"}")).isEqualTo(4);
      assertThat(value(scrape, "a6_prepare_conf_total{result=\"unknown_plugin\"}")).isEqualTo(1);
      assertThat(value(scrape, "a6_prepare_conf_total{result=\"bad_conf\"}")).isZero();
      assertThat(value(scrape, "a6_error_replies_total{code=\"conf_token_not_found\"}"))
          .isEqualTo(1);
      assertThat(value(scrape, "a6_error_replies_total{code=\"service_unavailable\"}"))
          .isEqualTo(1);
      assertThat(value(scrape, "a6_error_replies_total{code=\"bad_request\"}")).isEqualTo(1);
      assertThat(value(scrape, "a6_conf_cache_entries")).isEqualTo(3);
      assertThat(value(scrape, "a6_conf_cache_removals_total{reason=\"evicted\"}")).isZero();
      assertThat(value(scrape, "a6_connections")).isEqualTo(1);
      assertThat(value(scrape, "a6_calls_in_flight")).isZero();
      assertThat(value(scrape, "a6_blocking_pool_queued")).isZero();
      assertThat(scrape)
          .contains("# TYPE a6_filter_duration_seconds histogram")
          .contains("# TYPE a6_filter_calls_total counter");
    }
  }

  @Test
  void countsExtraInfoRoundTripsByKind() throws Exception {
    Server server = start("127.0.0.1:0", List.of(new Recorder(List.of("http_traceparent"))));
    try (TestClient client = TestClient.connect(server.socket())) {
      long token = client.prepare("route#1", "stamp", "");
      client.send(
          Wire.HTTP_RESP_CALL, ApisixCodec.responseCall(9, token, 200, List.of()));
      assertThat(
              client.awaitReply(info -> TRACEPARENT.getBytes(StandardCharsets.UTF_8)).type())
          .isEqualTo(Wire.HTTP_RESP_CALL);
      String scrape = scrape(server);
      assertThat(value(scrape, "a6_extra_info_requests_total{kind=\"var\"}")).isEqualTo(1);
      assertThat(value(scrape, "a6_extra_info_requests_total{kind=\"request_body\"}")).isZero();
    }
  }

  @Test
  void observersSeeEachRunWithItsRouteOutcomeAndTraceContext() throws Exception {
    Recorder recorder = new Recorder(List.of("http_traceparent"));
    Server server = start(null, List.of(recorder));
    assertThat(server.metricsPort()).isEqualTo(-1);
    try (TestClient client = TestClient.connect(server.socket())) {
      long token = client.prepare("route#7", "tag", "", "deny", "", "stamp", "");
      client.call(Call.of(token).id(41).header("traceparent", TRACEPARENT));
      client.send(
          Wire.HTTP_RESP_CALL, ApisixCodec.responseCall(42, token, 200, List.of()));
      List<String> asked = new ArrayList<>();
      client.awaitReply(
          info -> {
            asked.add(info.var());
            return TRACEPARENT.getBytes(StandardCharsets.UTF_8);
          });
      assertThat(asked).containsExactly("http_traceparent");
      long boom = client.prepare(null, "boom", "");
      client.send(Wire.HTTP_REQ_CALL, Call.of(boom).id(43).encode());
      assertThat(client.receive().type()).isEqualTo(Wire.ERROR);
    }
    assertThat(recorder.runs)
        .containsExactly(
            "started tag REQUEST route#7 41 " + TRACEPARENT,
            "ended tag REQUEST REWRITE token-tag",
            "started deny REQUEST route#7 41 " + TRACEPARENT,
            "ended deny REQUEST STOP token-deny",
            "started stamp RESPONSE route#7 42 " + TRACEPARENT,
            "ended stamp RESPONSE REWRITE token-stamp",
            "started boom REQUEST null 43 null",
            "ended boom REQUEST ERROR token-boom boom");
  }

  @Test
  void aThrowingObserverIsLoggedAndTheCallGoesOn() throws Exception {
    Server server = start(null, List.of(BROKEN));
    try (TestClient client = TestClient.connect(server.socket())) {
      long token = client.prepare("route#1", "deny", "");
      assertThat(client.call(Call.of(token)).stop().status()).isEqualTo(403);
    }
  }

  @Test
  void anObserverThatThrowsDoesNotKeepTheOthersFromTheRun() throws Exception {
    Recorder recorder = new Recorder(List.of());
    Server server = start(null, List.of(BROKEN, recorder));
    try (TestClient client = TestClient.connect(server.socket())) {
      long token = client.prepare("route#1", "deny", "");
      assertThat(client.call(Call.of(token).id(5)).stop().status()).isEqualTo(403);
    }
    assertThat(recorder.runs)
        .containsExactly("started deny REQUEST route#1 5 null", "ended deny REQUEST STOP token-deny");
  }

  @Test
  void anAddressInUseFailsStartupNamingTheOption() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      assertThatThrownBy(() -> start("127.0.0.1:" + taken.getLocalPort(), List.of()))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("--metrics-listen 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("cannot be served");
    }
    // The runner's socket was released: another runner can start on it.
    Server again = start(null, List.of());
    assertThat(again.socket()).isEqualTo(dir.resolve("r.sock"));
  }

  /** Records every run it is shown, and hands a token from started to ended. */
  private static final class Recorder implements FilterObserver {
    final List<String> runs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> vars;

    Recorder(List<String> vars) {
      this.vars = vars;
    }

    @Override
    public Object started(FilterRun run) {
      runs.add(
          "started " + run.plugin() + " " + run.phase() + " " + run.routeKey() + " "
              + run.requestId() + " " + run.requestHeader("traceparent"));
      return "token-" + run.plugin();
    }

    @Override
    public void ended(
        FilterRun run, @Nullable Object started, Outcome outcome, long nanos,
        @Nullable Throwable failure) {
      assertThat(nanos).isNotNegative();
      runs.add(
          "ended " + run.plugin() + " " + run.phase() + " " + outcome + " " + started
              + (failure == null ? "" : " " + failure.getMessage()));
    }

    @Override
    public List<String> responseVars() {
      return vars;
    }
  }
}
