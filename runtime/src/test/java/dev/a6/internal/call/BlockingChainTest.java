package dev.a6.internal.call;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.apisix.TestClient;
import dev.a6.internal.launch.RunnerConfig.ParentMode;
import dev.a6.internal.launch.RunnerConfig.Transport;
import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.transport.Server;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding.Execution;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chains with a blocking filter on a real runner whose worker pool has one thread. */
class BlockingChainTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private Server server;

  /** Completed by the test: the stage the "later" filter returns. */
  private final CompletableFuture<Void> later = new CompletableFuture<>();
  /** Released by the test: what the "hold" filters wait for. */
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile String preparedOn = "";

  private FilterRegistry filters() {
    return TestBindings.registry(
        TestBindings.request(
            "later",
            FetchPlan.NONE,
            true,
            (conf, request, response, context) -> later.thenRun(() -> response.stop(201))),
        TestBindings.request(
            "hold",
            FetchPlan.NONE,
            true,
            (conf, request, response, context) -> {
              release.await(LIMIT.toSeconds(), TimeUnit.SECONDS);
              response.stop(202);
              return DONE;
            }),
        TestBindings.request(
            "fetch-and-wait",
            FetchPlan.NONE,
            true,
            (conf, request, response, context) -> {
              // The natural idiom in a blocking filter: wait for the answer right there.
              String value =
                  request.fetchVar("remote_addr").toCompletableFuture().get(10, TimeUnit.SECONDS)
                      .orElse("none");
              response.stop(200, value);
              return DONE;
            }),
        new FilterBinding<String>("slow-prepare", Execution.BLOCKING, Execution.NONE) {
          @Override
          public String prepare(String conf) {
            preparedOn = Thread.currentThread().getName();
            return conf;
          }

          @Override
          public CompletionStage<Void> onRequest(
              String conf,
              dev.a6.HttpRequest request,
              dev.a6.HttpResponse response,
              dev.a6.FilterContext context) {
            response.stop(204);
            return DONE;
          }
        });
  }

  private Server start() {
    RunnerConfig config =
        new RunnerConfig(
            dir.resolve("runner.sock"),
            0766,
            3600,
            Transport.AUTO,
            1,
            1, // one blocking thread: at most 64 chain starts wait for it
            1024,
            100_000,
            64L << 20,
            ParentMode.NEVER,
            null,
            null, RunnerConfig.RpcLogging.OFF, null);
    server = Server.start(config, filters());
    return server;
  }

  @AfterEach
  void stop() {
    release.countDown();
    later.complete(null);
    if (server != null) {
      server.stop();
    }
    clients.shutdownNow();
  }

  @Test
  void aChainContinuesWhenThePoolIsFullOfWaitingStarts() {
    Server server = start();
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          long laterToken;
          long holdToken;
          try (TestClient prepare = TestClient.connect(server.socket())) {
            laterToken = prepare.prepare(null, "later", "");
            holdToken = prepare.prepare(null, "hold", "");
          }
          // The "later" chain starts and waits for its stage, freeing the thread.
          Future<TestClient.Frame> waiting = clients.submit(() -> call(server, laterToken));
          Thread.sleep(200);
          // One "hold" chain takes the thread, 64 more fill the queue of starts.
          List<Future<TestClient.Frame>> held = new ArrayList<>();
          for (int i = 0; i < 65; i++) {
            held.add(clients.submit(() -> call(server, holdToken)));
          }
          Thread.sleep(500);
          TestClient.Frame refused = call(server, holdToken);
          assertThat(refused.type()).as("a 66th start is refused at once").isEqualTo(Wire.ERROR);
          assertThat(ApisixCodec.errorCode(refused.payload()))
              .isEqualTo(Code.SERVICE_UNAVAILABLE);

          // The stage completes while the pool is full: its continuation must not be dropped.
          later.complete(null);
          release.countDown();
          TestClient.Frame answer = waiting.get(10, TimeUnit.SECONDS);
          assertThat(answer.type()).isEqualTo(Wire.HTTP_REQ_CALL);
          assertThat(ApisixCodec.requestReply(answer.payload()).stop().status()).isEqualTo(201);
          for (Future<TestClient.Frame> frame : held) {
            assertThat(frame.get(10, TimeUnit.SECONDS).type()).isEqualTo(Wire.HTTP_REQ_CALL);
          }
        });
  }

  @Test
  void aBlockingFilterMayWaitForItsOwnFetch() {
    Server server = start();
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try (TestClient client = TestClient.connect(server.socket())) {
            long token = client.prepare(null, "fetch-and-wait", "");
            client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
            TestClient.Frame reply =
                client.awaitReply(asked -> "10.0.0.1".getBytes(StandardCharsets.UTF_8));
            assertThat(reply.type()).isEqualTo(Wire.HTTP_REQ_CALL);
            var stop = ApisixCodec.requestReply(reply.payload()).stop();
            assertThat(new String(stop.body(), StandardCharsets.UTF_8)).isEqualTo("10.0.0.1");
          }
        });
  }

  @Test
  void aBlockingPluginIsPreparedOffTheEventLoop() {
    Server server = start();
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try (TestClient client = TestClient.connect(server.socket())) {
            long token = client.prepare("route#1", "slow-prepare", "");
            assertThat(preparedOn).startsWith("a6-blocking");
            assertThat(client.call(Call.of(token)).stop().status()).isEqualTo(204);
            assertThat(client.prepare("route#1", "slow-prepare", "")).isEqualTo(token);
          }
        });
  }

  private static TestClient.Frame call(Server server, long token) {
    try (TestClient client = TestClient.connect(server.socket())) {
      client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
      return client.receive();
    }
  }
}
