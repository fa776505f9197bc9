package dev.a6.internal.transport;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.apisix.TestClient;
import dev.a6.internal.launch.RunnerConfig.ParentMode;
import dev.a6.internal.launch.RunnerConfig.Transport;
import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.launch.StartupException;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner on a real Unix socket, with clients that behave like APISIX. */
class ServerTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<Server> servers = new ArrayList<>();
  private final ExecutorService clients = Executors.newCachedThreadPool();

  /** Filters: "echo" fetches a var and stops with it, "sleep" blocks, "wait" delays. */
  private static final FilterRegistry FILTERS =
      TestBindings.registry(
          TestBindings.request(
              "echo",
              FetchPlan.of(false, false, "remote_addr"),
              false,
              (conf, request, response, context) -> {
                response.stop(200, request.var("remote_addr") + " " + request.path());
                return DONE;
              }),
          TestBindings.request(
              "sleep",
              FetchPlan.NONE,
              true,
              (conf, request, response, context) -> {
                Thread.sleep(Long.parseLong(conf));
                response.stop(202);
                return DONE;
              }),
          TestBindings.waitThen203());

  private Server start(Transport transport, long expireSeconds, int mode) {
    RunnerConfig config =
        new RunnerConfig(
            dir.resolve("runner.sock"),
            mode,
            expireSeconds,
            transport,
            1,
            4,
            1024,
            100_000,
            64L << 20,
            ParentMode.NEVER,
            null,
            null, RunnerConfig.RpcLogging.OFF, null);
    Server server = Server.start(config, FILTERS);
    servers.add(server);
    return server;
  }

  private Server start() {
    return start(Transport.AUTO, 3600, 0766);
  }

  @AfterEach
  void stopAll() {
    servers.forEach(Server::stop);
    clients.shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void servesCallsWithExtraInfoOverBothTransports(Transport transport) {
    Server server = start(transport, 3600, 0766);
    assertThat(server.transport()).startsWith(transport.name().toLowerCase());
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try (TestClient prepare = TestClient.connect(server.socket());
              TestClient calls = TestClient.connect(server.socket())) {
            long token = prepare.prepare("route#1#ext-plugin-pre-req#1", "echo", "");
            for (int i = 0; i < 3; i++) {
              TestClient.Frame reply =
                  calls.call(
                      Call.of(token).path("/r" + i),
                      info -> {
                        assertThat(info.infoType()).isEqualTo(Info.Var);
                        return "10.1.1.1".getBytes(StandardCharsets.UTF_8);
                      });
              var stop = ApisixCodec.requestReply(reply.payload()).stop();
              assertThat(new String(stop.body(), StandardCharsets.UTF_8))
                  .isEqualTo("10.1.1.1 /r" + i);
            }
          }
        });
  }

  @Test
  void theSocketIsWritableByApisixWorkers() throws IOException {
    Server server = start();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())))
        .isEqualTo("rwxrw-rw-");
    server.stop();
    assertThat(server.socket()).doesNotExist();
    Server restricted = start(Transport.AUTO, 3600, 0760);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restricted.socket())))
        .isEqualTo("rwxrw----");
  }

  @Test
  void aStaleSocketIsReplacedButOtherFilesAreRefused() throws IOException {
    Server first = start();
    // A runner killed without cleanup leaves its socket behind.
    first.stop();
    Files.copy(Path.of("/dev/null"), dir.resolve("placeholder"));
    Server stale = start();
    stale.stop();
    // Simulate the leftover by binding and abandoning a socket file.
    Path socket = dir.resolve("runner.sock");
    try (var leftover = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      leftover.bind(java.net.UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    Server replacing = start();
    try (TestClient client = TestClient.connect(replacing.socket())) {
      assertThat(client.prepare("k", "echo", "")).isPositive();
    }
    replacing.stop();

    Files.writeString(socket, "not a socket");
    assertThatThrownBy(this::start)
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("is not a socket (a regular file)");
    Files.delete(socket);
    Files.createSymbolicLink(socket, dir.resolve("placeholder"));
    assertThatThrownBy(this::start)
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void stopLeavesASocketThatAnotherRunnerBoundSince() throws IOException {
    Server old = start();
    Path socket = old.socket();
    // APISIX reload: the new runner removes the old socket file and binds the same path.
    Files.delete(socket);
    try (var newer = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      newer.bind(java.net.UnixDomainSocketAddress.of(socket));
      old.stop();
      assertThat(socket).as("the new runner's socket survives the old one's exit").exists();
    }
  }

  @Test
  void manyConcurrentConnectionsEachDoSequentialCalls() throws Exception {
    Server server = start();
    long token;
    try (TestClient prepare = TestClient.connect(server.socket())) {
      token = prepare.prepare("route#64", "echo", "");
    }
    List<Future<Integer>> results = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int c = 0; c < 64; c++) {
      int connection = c;
      results.add(
          clients.submit(
              () -> {
                go.await();
                int ok = 0;
                try (TestClient client = TestClient.connect(server.socket())) {
                  for (int i = 0; i < 25; i++) {
                    String addr = "10.0." + connection + "." + i;
                    var reply =
                        client.call(
                            Call.of(token).id(connection * 100 + i).path("/c" + connection),
                            info -> addr.getBytes(StandardCharsets.UTF_8));
                    var decoded = ApisixCodec.requestReply(reply.payload());
                    if (decoded.id() == connection * 100 + i
                        && new String(decoded.stop().body(), StandardCharsets.UTF_8)
                            .equals(addr + " /c" + connection)) {
                      ok++;
                    }
                  }
                }
                return ok;
              }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> result : results) {
      total += result.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
    assertThat(total).isEqualTo(64 * 25);
  }

  @Test
  void aPeerThatClosesMidCallLeavesTheRunnerServing() throws Exception {
    Server server = start();
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          try (TestClient client = TestClient.connect(server.socket())) {
            long token = client.prepare(null, "wait", "300", "echo", "");
            client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
          }
          try (TestClient client = TestClient.connect(server.socket())) {
            long token = client.prepare(null, "echo", "");
            client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
            // Vanish while the runner waits for the ExtraInfo answer.
            assertThat(client.receive().type()).isEqualTo(Wire.EXTRA_INFO);
          }
          Thread.sleep(400);
          try (TestClient client = TestClient.connect(server.socket())) {
            long token = client.prepare(null, "wait", "1");
            assertThat(client.call(Call.of(token)).stop().status()).isEqualTo(203);
          }
        });
  }

  @Test
  void aBlockingFilterDoesNotStallOtherConnections() throws Exception {
    Server server = start(); // one io thread
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          long token;
          try (TestClient prepare = TestClient.connect(server.socket())) {
            token = prepare.prepare(null, "sleep", "1500");
          }
          CompletableFuture<Integer> slow =
              CompletableFuture.supplyAsync(
                  () -> {
                    try (TestClient client = TestClient.connect(server.socket())) {
                      return client.call(Call.of(token)).stop().status();
                    }
                  },
                  clients);
          Thread.sleep(100);
          long start = System.nanoTime();
          try (TestClient client = TestClient.connect(server.socket())) {
            long fast = client.prepare(null, "wait", "1");
            assertThat(client.call(Call.of(fast)).stop().status()).isEqualTo(203);
          }
          long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertThat(slow).isNotDone();
          assertThat(elapsedMillis).as("served while the blocking filter sleeps").isLessThan(1000);
          assertThat(slow.get()).isEqualTo(202);
        });
  }

  @Test
  void chainsExpireAfterTheirTtl() throws Exception {
    Server server = start(Transport.AUTO, 1, 0766); // lives 1.2 s after last use
    try (TestClient client = TestClient.connect(server.socket())) {
      long token = client.prepare("route#1", "wait", "1");
      assertThat(client.call(Call.of(token)).stop().status()).isEqualTo(203);
      Thread.sleep(1700);
      client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
      TestClient.Frame reply = client.receive();
      assertThat(reply.type()).isEqualTo(Wire.ERROR);
      assertThat(ApisixCodec.errorCode(reply.payload())).isEqualTo(Code.CONF_TOKEN_NOT_FOUND);
      long again = client.prepare("route#1", "wait", "1");
      assertThat(again).isNotEqualTo(token);
      assertThat(client.call(Call.of(again)).stop().status()).isEqualTo(203);
    }
  }

  @Test
  void everyErrorPathKeepsTheRunnerUp() throws Exception {
    Server server = start();
    try (TestClient client = TestClient.connect(server.socket())) {
      client.send(Wire.PREPARE_CONF, ApisixCodec.prepareConf("k", Harness.conf("nope", "{}")));
      assertThat(ApisixCodec.errorCode(client.receive().payload())).isEqualTo(Code.BAD_REQUEST);
      client.send(9, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
      assertThat(ApisixCodec.errorCode(client.receive().payload())).isEqualTo(Code.BAD_REQUEST);
      client.send(Wire.HTTP_REQ_CALL, Call.of(424242).encode());
      assertThat(ApisixCodec.errorCode(client.receive().payload()))
          .isEqualTo(Code.CONF_TOKEN_NOT_FOUND);
      long token = client.prepare(null, "sleep", "not a number");
      client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
      assertThat(ApisixCodec.errorCode(client.receive().payload()))
          .isEqualTo(Code.SERVICE_UNAVAILABLE);
    }
    try (TestClient client = TestClient.connect(server.socket())) {
      long token = client.prepare(null, "wait", "1");
      assertThat(client.call(Call.of(token)).stop().status()).isEqualTo(203);
    }
  }

  @Test
  void stopLetsACallInFlightFinish() throws Exception {
    Server server = start();
    try (TestClient client = TestClient.connect(server.socket())) {
      long token = client.prepare(null, "wait", "300");
      client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
      Thread.sleep(50);
      long start = System.nanoTime();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop, clients);
      TestClient.Frame reply = client.receive();
      assertThat(reply.type()).isEqualTo(Wire.HTTP_REQ_CALL);
      stopping.get(2, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
      assertThat(server.socket()).doesNotExist();
      assertThat(client.closedByPeer()).isTrue();
    }
  }

  @Test
  void stopClosesEachConnectionWhenItsCallIsAnsweredAndNotBetweenAPrepareConfAndItsCall()
      throws Exception {
    Server server = start();
    try (TestClient idle = TestClient.connect(server.socket());
        TestClient calling = TestClient.connect(server.socket());
        TestClient prepared = TestClient.connect(server.socket())) {
      long slow = calling.prepare(null, "wait", "450");
      long quick = idle.prepare(null, "wait", "1");
      idle.call(Call.of(quick).path("/warm"), info -> null);
      calling.send(Wire.HTTP_REQ_CALL, Call.of(slow).encode());
      long fast = prepared.prepare(null, "wait", "1");
      Thread.sleep(50);
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop, clients);
      // Idle since its last reply: closed at once, not when the slow call ends.
      assertTimeoutPreemptively(
          Duration.ofMillis(200), () -> assertThat(idle.closedByPeer()).isTrue());
      // A PrepareConf was its last answer: APISIX's call follows on it, and is answered.
      TestClient.Frame answered = prepared.call(Call.of(fast), info -> null);
      assertThat(answered.type()).isEqualTo(Wire.HTTP_REQ_CALL);
      assertThat(prepared.closedByPeer()).isTrue();
      // In a call: answered, then closed.
      assertThat(calling.receive().type()).isEqualTo(Wire.HTTP_REQ_CALL);
      assertThat(calling.closedByPeer()).isTrue();
      stopping.get(2, TimeUnit.SECONDS);
    }
  }
}
