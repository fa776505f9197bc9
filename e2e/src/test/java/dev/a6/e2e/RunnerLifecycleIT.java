package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.e2e.Route.Conf;
import dev.a6.e2e.Route.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runner under concurrent traffic, with a slow filter, killed and restarted, stopped by
 * SIGTERM, and behind a gateway with two nginx workers.
 */
class RunnerLifecycleIT {
  @RegisterExtension static final E2e e2e = new E2e();

  private static final ExecutorService clients = Executors.newFixedThreadPool(64);

  @AfterAll
  static void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void sixtyFourConcurrentRequestsEachGetTheirOwnAnswer() throws Exception {
    e2e.routes(
        Route.of("concurrent", "/concurrent")
            .preReq(
                Conf.of("key-auth", Map.of("keys", List.of("k"))),
                Conf.of("var-to-header", Map.of("headers", Map.of("X-N", "arg_n"))))
            .postResp(Conf.of("response-rewrite", Map.of("headers", Map.of("X-Done", "yes")))));

    for (int round = 0; round < 3; round++) {
      List<Callable<Http.Response>> requests = new ArrayList<>();
      for (int n = 0; n < 64; n++) {
        Http request =
            Http.get("/concurrent?n=" + n).header("X-API-Key", n % 8 == 0 ? "wrong" : "k");
        requests.add(() -> e2e.send(request));
      }
      List<Future<Http.Response>> answers = clients.invokeAll(requests, 30, TimeUnit.SECONDS);
      for (int n = 0; n < 64; n++) {
        Http.Response response = answers.get(n).get();
        if (n % 8 == 0) {
          assertThat(response.status()).as("request %d", n).isEqualTo(401);
        } else {
          assertThat(response.header("x-done")).as("request %d", n).isEqualTo("yes");
          assertThat(Echo.of(response).header("x-n"))
              .as("request %d", n)
              .isEqualTo(Integer.toString(n));
        }
      }
    }
  }

  @Test
  void aSlowFilterDelaysNoOtherRequest() throws Exception {
    e2e.routes(
        // Two requests at once: the second waits 4 s for the bucket to refill.
        Route.of("slow", "/slow").preReq(Conf.of("limit-req", Map.of("rate", 0.25, "burst", 1))),
        Route.of("fast", "/fast").preReq(Conf.of("say", Map.of("body", "fast"))));

    List<Future<Http.Response>> slow =
        List.of(
            clients.submit(() -> e2e.send(Http.get("/slow"))),
            clients.submit(() -> e2e.send(Http.get("/slow"))));
    Thread.sleep(200);
    for (int i = 0; i < 20; i++) {
      assertThat(e2e.send(Http.get("/fast")).text()).isEqualTo("fast");
    }
    assertThat(slow.get(0).isDone() && slow.get(1).isDone())
        .as("one slow request is still waiting while 20 others were answered")
        .isFalse();
    for (Future<Http.Response> response : slow) {
      assertThat(response.get(10, TimeUnit.SECONDS).fromEcho()).isTrue();
    }
  }

  @Test
  void aKilledRunnerIsReplacedUnderTraffic() throws Exception {
    e2e.routes(Route.of("alive", "/alive").preReq(Conf.of("say", Map.of("body", "alive"))));
    assertThat(e2e.send(Http.get("/alive")).text()).isEqualTo("alive");

    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<List<Integer>>> traffic = new ArrayList<>();
    for (int client = 0; client < 4; client++) {
      traffic.add(
          clients.submit(
              () -> {
                List<Integer> statuses = new ArrayList<>();
                while (running.get()) {
                  statuses.add(e2e.send(Http.get("/alive")).status());
                }
                return statuses;
              }));
    }
    Thread.sleep(300);
    e2e.runner().kill(); // SIGKILL: the socket file stays behind, APISIX keeps its tokens
    Thread.sleep(300);
    e2e.runner().start(); // on the same socket path
    Thread.sleep(1000);
    running.set(false);

    List<Integer> statuses = new ArrayList<>();
    for (Future<List<Integer>> client : traffic) {
      statuses.addAll(client.get(20, TimeUnit.SECONDS)); // a hung request would fail here
    }
    assertThat(new TreeSet<>(statuses)).as("only answers or APISIX's 503").isSubsetOf(200, 503);
    assertThat(statuses).contains(200);
    // The new runner does not know the old tokens: APISIX prepares its conf again.
    for (int i = 0; i < 20; i++) {
      assertThat(e2e.send(Http.get("/alive")).text()).isEqualTo("alive");
    }
    assertThat(e2e.gateway().errorLog()).contains("refresh cache and try again");
  }

  @Test
  void sigtermStopsTheRunnerWithStatusZeroAndApisixFailsClosed() throws Exception {
    e2e.routes(
        Route.of("strict", "/strict").preReq(Conf.of("say", Map.of("body", "up"))),
        Route.of("lenient", "/lenient")
            .preReq(Conf.of("say", Map.of("body", "up")))
            .allowDegradation(Phase.PRE_REQ));
    assertThat(e2e.send(Http.get("/strict")).text()).isEqualTo("up");

    assertThat(e2e.runner().stop()).as("exit status after SIGTERM").isZero();
    assertThat(e2e.runner().socket()).doesNotExist();
    assertThat(e2e.send(Http.get("/strict")).status()).isEqualTo(503);
    assertThat(e2e.send(Http.get("/lenient")).fromEcho()).isTrue();

    e2e.runner().start();
    assertThat(e2e.send(Http.get("/strict")).text()).isEqualTo("up");
  }

  @Test
  void aRequestSentWhileTheRunnerStartsWaitsForItInsteadOfFailing() throws Exception {
    e2e.routes(Route.of("early", "/early").preReq(Conf.of("say", Map.of("body", "early"))));
    assertThat(e2e.runner().stop()).isZero();
    int started = RunnerProcess.count(e2e.runner().log(), "listening on unix:");
    e2e.runner().launch();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(e2e.runner().socket()) && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    // The socket exists long before the runner has found its plugins and loaded Netty.
    boolean upYet = RunnerProcess.count(e2e.runner().log(), "listening on unix:") > started;
    Http.Response response = e2e.send(Http.get("/early"));
    assertThat(upYet).as("the request went out before the runner had started").isFalse();
    assertThat(response.status()).as("APISIX's connect waited in the backlog").isEqualTo(200);
    assertThat(response.text()).isEqualTo("early");
    e2e.runner().awaitStarted(started);
  }

  @Test
  void twoNginxWorkersShareTheRunner() throws Exception {
    Gateway twoWorkers = e2e.startGateway(2);
    try {
      twoWorkers.routes(
          List.of(
              Route.of("workers", "/workers")
                  .preReq(Conf.of("var-to-header", Map.of("headers", Map.of("X-Pid", "pid"))))));
      List<Callable<Http.Response>> requests = new ArrayList<>();
      for (int n = 0; n < 64; n++) {
        requests.add(() -> Http.get("/workers").send(twoWorkers.port()));
      }
      Set<String> workerPids = new TreeSet<>();
      for (Future<Http.Response> answer : clients.invokeAll(requests, 30, TimeUnit.SECONDS)) {
        workerPids.add(Echo.of(answer.get()).header("x-pid"));
      }
      System.out.println("[a6 e2e] requests were served by nginx workers " + workerPids);
      // Both workers prepare through the shared dict and its lock: one token for the route.
      assertThat(tokensPreparedFor("route#workers#")).hasSize(1);
    } finally {
      twoWorkers.stop(e2e.logDir().resolve("gateway-2-workers-error.log"));
    }
  }

  private static Set<String> tokensPreparedFor(String keyPrefix) throws IOException {
    Pattern prepared =
        Pattern.compile("prepared conf token (\\d+) for " + Pattern.quote(keyPrefix));
    Set<String> tokens = new TreeSet<>();
    for (String line : e2e.runner().log().lines().toList()) {
      Matcher matcher = prepared.matcher(line);
      if (matcher.find()) {
        tokens.add(matcher.group(1));
      }
    }
    return tokens;
  }
}
