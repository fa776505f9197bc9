package dev.a6.internal.transport;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.apisix.TestClient;
import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.launch.RunnerConfig.Transport;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterRegistry;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The socket bound at start-up: connects made before the server is up wait and are served. */
class EarlySocketTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final FilterRegistry FILTERS =
      TestBindings.registry(
          TestBindings.request(
              "hello",
              FetchPlan.NONE,
              false,
              (conf, request, response, context) -> {
                response.stop(201, "hello " + conf);
                return DONE;
              }));

  @TempDir Path dir;
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void stopAll() {
    servers.forEach(Server::stop);
  }

  private RunnerConfig config(Transport transport) {
    return RunnerConfig.parse(
        List.of(
            "--listen", "unix:" + dir.resolve("runner.sock"),
            "--socket-mode", "0760",
            "--transport", transport.name().toLowerCase(),
            "--io-threads", "1",
            "--exit-with-parent", "never"),
        name -> null);
  }

  private Server start(RunnerConfig config, EarlySocket early) {
    Server server = Server.start(config, FILTERS, List.of(), early);
    servers.add(server);
    return server;
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
  void aConnectMadeBeforeTheServerIsUpIsServedOnceItIs(Transport transport) {
    RunnerConfig config = config(transport);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          EarlySocket early = EarlySocket.bind(config);
          assertThat(early).as("nothing else serves the path").isNotNull();
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.socket())))
              .as("published with its mode, under its name")
              .isEqualTo("rwxrw----");
          try (TestClient client = TestClient.connect(config.socket())) {
            CompletableFuture<Long> token =
                CompletableFuture.supplyAsync(() -> client.prepare("route#1", "hello", "early"));
            Thread.sleep(200);
            assertThat(token)
                .as("nobody accepts yet: the connect waits in the backlog")
                .isNotDone();

            Server server = start(config, early);
            assertThat(server.transport()).startsWith(transport.name().toLowerCase());
            long prepared = token.get(10, TimeUnit.SECONDS);
            var stop = client.call(Call.of(prepared)).stop();
            assertThat(stop.status()).isEqualTo(201);
            assertThat(new String(stop.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("hello early");
          }
          try (TestClient later = TestClient.connect(config.socket())) {
            assertThat(later.prepare("route#2", "hello", "later")).isPositive();
          }
          servers.remove(0).stop();
          assertThat(config.socket()).as("the server removes the socket it adopted").doesNotExist();
          assertThat(dir).isEmptyDirectory();
        });
  }

  @Test
  void aLiveRunnersSocketIsNotTakenBeforeThePluginsAreFound() {
    RunnerConfig config = config(Transport.AUTO);
    Server live = Server.start(config, FILTERS);
    servers.add(live);
    assertThat(EarlySocket.bind(config)).as("left to the takeover after start-up").isNull();
    try (TestClient client = TestClient.connect(config.socket())) {
      assertThat(client.prepare("route#1", "hello", "still")).isPositive();
    }
  }

  @Test
  void aStartThatFailsRefusesTheWaitingConnectsAndLeavesNoSocket() throws Exception {
    RunnerConfig config = config(Transport.AUTO);
    EarlySocket early = EarlySocket.bind(config);
    assertThat(early).isNotNull();
    try (TestClient client = TestClient.connect(config.socket())) {
      early.abandon();
      assertTimeoutPreemptively(LIMIT, () -> assertThat(client.closedByPeer()).isTrue());
    }
    assertThat(config.socket()).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void theListeningDescriptorIsFoundByThePathItWasBoundTo() throws IOException {
    Path path = dir.resolve("probe.sock");
    try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.bind(UnixDomainSocketAddress.of(path));
      int descriptor = ListeningDescriptor.of(path);
      assertThat(descriptor).isPositive();
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)).toString();
      assertThat(target).startsWith("socket:[");
      assertThat(ListeningDescriptor.of(dir.resolve("nobody.sock"))).isEqualTo(-1);
    }
  }

  @Test
  void inodesAreReadFromListeningSocketsOnly() {
    List<String> lines =
        List.of(
            "Num       RefCount Protocol Flags    Type St Inode Path",
            "0000000000000000: 00000003 00000000 00000000 0001 03 4711 /tmp/a.sock",
            "0000000000000000: 00000002 00000000 00010000 0001 01 4712 /tmp/a.sock",
            "0000000000000000: 00000002 00000000 00010000 0001 01 4713 /tmp/with space.sock",
            "0000000000000000: 00000002 00000000 00000000 0002 01 4714");
    assertThat(ListeningDescriptor.inode(lines, "/tmp/a.sock")).isEqualTo(4712);
    assertThat(ListeningDescriptor.inode(lines, "/tmp/with space.sock")).isEqualTo(4713);
    assertThat(ListeningDescriptor.inode(lines, "/tmp/b.sock")).isEqualTo(-1);
  }
}
