package dev.a6.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.TestClient;
import dev.a6.internal.wire.Wire;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner as a process: signals, exit timing, the socket file, and its parent. */
class RunnerProcessIT {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process process : processes) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private List<String> runnerCommand(Path socket, String... options) {
    return runnerCommand(List.of(), socket, options);
  }

  private List<String> runnerCommand(List<String> jvmOptions, Path socket, String... options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TestRunnerMain.class.getName());
    command.add("--listen");
    command.add("unix:" + socket);
    // The test class path sets slf4j-simple to warn; these tests read the info lines.
    command.add("--log-level");
    command.add("info");
    command.addAll(List.of(options));
    return command;
  }

  private Process launch(List<String> command, Path log) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    processes.add(process);
    return process;
  }

  /** Waits until the runner accepts connections and has logged its startup line. */
  private static void awaitSocket(Path socket, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (Files.exists(socket) && Files.readString(log).contains("listening on")) {
        try (TestClient client = TestClient.connect(socket)) {
          return;
        } catch (RuntimeException e) {
          // not accepting yet
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("runner did not listen; its output:\n" + Files.readString(log));
  }

  @Test
  void sigtermLetsTheCallInFlightFinishThenExitsAndRemovesTheSocket() throws Exception {
    Path socket = dir.resolve("runner.sock");
    Path log = dir.resolve("runner.log");
    Process runner = launch(runnerCommand(socket), log);
    awaitSocket(socket, log);

    String startup = Files.readString(log);
    assertThat(startup)
        .contains("a6 runner ")
        .contains("listening on unix:" + socket + " (mode 0766, transport epoll (native)")
        .contains("conf tokens live 4320 s (1.2 x APISIX_CONF_EXPIRE_TIME 3600 s)")
        .contains("1 plugin: wait");

    try (TestClient client = TestClient.connect(socket)) {
      long token = client.prepare("route#1", "wait", "300");
      client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
      Thread.sleep(50);
      long signalled = System.nanoTime();
      runner.destroy(); // SIGTERM
      CompletableFuture<TestClient.Frame> reply = CompletableFuture.supplyAsync(client::receive);
      assertThat(reply.get(2, TimeUnit.SECONDS).type()).isEqualTo(Wire.HTTP_REQ_CALL);
      assertThat(runner.waitFor(2, TimeUnit.SECONDS)).isTrue();
      long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      assertThat(exitMillis).as("SIGTERM to exit, with a 300 ms call in flight").isLessThan(1000);
      assertThat(runner.exitValue()).as("exit status after a clean stop").isZero();
    }
    assertThat(socket).doesNotExist();
    assertThat(Files.readString(log)).contains("stopped in");
  }

  @Test
  void peersVanishingInBulkGetOneLinePerCauseNotOneEach() throws Exception {
    Path socket = dir.resolve("vanish.sock");
    Path log = dir.resolve("vanish.log");
    launch(runnerCommand(socket), log);
    awaitSocket(socket, log);
    long token;
    try (TestClient client = TestClient.connect(socket)) {
      token = client.prepare("route#1", "wait", "5000");
    }
    // As when APISIX reloads: many connections closed during a call, many cut inside a frame.
    for (int i = 0; i < 20; i++) {
      try (TestClient client = TestClient.connect(socket)) {
        client.send(Wire.HTTP_REQ_CALL, Call.of(token).encode());
      }
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.write(ByteBuffer.wrap(new byte[] {(byte) Wire.HTTP_REQ_CALL, 0, 0, 100, 1, 2}));
      }
    }
    String midCall = "APISIX closed the connection during HTTPReqCall";
    String midFrame = "closed in the middle of a frame";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!(Files.readString(log).contains(midCall) && Files.readString(log).contains(midFrame))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(500); // the other 19 of each have been handled by now
    List<String> lines = Files.readAllLines(log);
    assertThat(lines.stream().filter(line -> line.contains(midCall))).hasSize(1);
    assertThat(lines.stream().filter(line -> line.contains(midFrame))).hasSize(1);
  }

  @Test
  void errorLinesThatEndInA503SaySo() throws Exception {
    Path socket = dir.resolve("err.sock");
    Path log = dir.resolve("err.log");
    launch(runnerCommand(socket), log);
    awaitSocket(socket, log);
    try (TestClient client = TestClient.connect(socket)) {
      client.send(Wire.HTTP_REQ_CALL, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
      assertThat(client.receive().type()).isEqualTo(Wire.ERROR);
      client.send(9, ByteBuffer.wrap(new byte[] {1}));
      assertThat(client.receive().type()).isEqualTo(Wire.ERROR);
    }
    String apisix = "(APISIX answers the request with 503, or passes it on if allow_degradation is on)";
    List<String> lines = Files.readAllLines(log);
    assertThat(lines.stream().filter(line -> line.contains("answered BAD_REQUEST")))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains(apisix));
  }

  @Test
  void aConnectWhileThePluginsLoadWaitsAndIsServed() throws Exception {
    Path socket = dir.resolve("slow.sock");
    Path log = dir.resolve("slow.log");
    long launched = System.nanoTime();
    Process runner =
        launch(runnerCommand(List.of("-Da6.test.pluginDelayMillis=1500"), socket), log);
    long deadline = launched + TimeUnit.SECONDS.toNanos(15);
    while (!Files.exists(socket) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    try (TestClient client = TestClient.connect(socket)) {
      long connectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
      assertThat(Files.readString(log)).as("connected before the plugins were found").isEmpty();
      assertThat(client.prepare("route#1", "wait", "1"))
          .as("the PrepareConf sent %d ms after launch is answered", connectedMillis)
          .isPositive();
      assertThat(client.call(Call.of(client.prepare("route#2", "wait", "1"))).stop().status())
          .isEqualTo(203);
    }
    assertThat(Files.readString(log)).contains("listening on unix:" + socket);
    runner.destroy();
    assertThat(runner.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.exitValue()).isZero();
    assertThat(socket).doesNotExist();
  }

  @Test
  void pluginsThatFailAfterTheSocketWasBoundLeaveNoSocketAndRefuseTheWaitingConnect()
      throws Exception {
    Path socket = dir.resolve("failing.sock");
    Path log = dir.resolve("failing.log");
    Process runner =
        launch(
            runnerCommand(
                List.of("-Da6.test.pluginDelayMillis=1000", "-Da6.test.pluginFailure=no database"),
                socket),
            log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Files.exists(socket) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    try (TestClient client = TestClient.connect(socket)) {
      assertThat(runner.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(client.closedByPeer())
          .as("the waiting connect is refused, not left hanging")
          .isTrue();
    }
    assertThat(runner.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("a6: cannot create the plugins")
        .contains("no database");
    assertThat(socket).doesNotExist();
    try (var left = Files.list(dir)) {
      assertThat(left.map(path -> path.getFileName().toString())).containsExactly("failing.log");
    }
  }

  @Test
  void sigintStopsCleanlyWithStatusZero() throws Exception {
    Path socket = dir.resolve("int.sock");
    Path log = dir.resolve("int.log");
    Process runner = launch(runnerCommand(socket), log);
    awaitSocket(socket, log);

    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(runner.pid())).start();
    assertThat(kill.waitFor()).isZero();
    assertThat(runner.waitFor(2, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.exitValue()).isZero();
    assertThat(socket).doesNotExist();
    assertThat(Files.readString(log)).contains("stopped in");
  }

  @Test
  void exitsByItselfWhenTheNginxThatStartedItDies() throws Exception {
    Path nginx = dir.resolve("nginx");
    Files.copy(Path.of("/bin/sh"), nginx, StandardCopyOption.COPY_ATTRIBUTES);
    Path socket = dir.resolve("child.sock");
    Path log = dir.resolve("child.log");
    Process parent =
        launch(List.of(nginx.toString(), "-c", String.join(" ", quoted(runnerCommand(socket))) + " & wait"), log);
    awaitSocket(socket, log);
    ProcessHandle runner = parent.children().findFirst().orElseThrow();
    assertThat(Files.readString(log)).contains("exits with its parent nginx");

    parent.destroyForcibly(); // SIGKILL: nginx gets no chance to stop its runner
    long exitMillis = millisUntilExit(runner);
    assertThat(exitMillis).as("parent death to runner exit").isLessThan(2500);
    assertThat(socket).doesNotExist();
  }

  @Test
  void aRunnerStartedFromAShellOutlivesTheShell() throws Exception {
    Path socket = dir.resolve("shell.sock");
    Path log = dir.resolve("shell.log");
    Process shell =
        launch(List.of("/bin/sh", "-c", String.join(" ", quoted(runnerCommand(socket))) + " & wait"), log);
    awaitSocket(socket, log);
    ProcessHandle runner = shell.children().findFirst().orElseThrow();
    assertThat(Files.readString(log)).contains("not watching parent");

    shell.destroyForcibly();
    Thread.sleep(2000);
    assertThat(hasExited(runner)).isFalse();
    try (TestClient client = TestClient.connect(socket)) {
      assertThat(client.prepare("k", "wait", "1")).isPositive();
    }
    runner.destroy();
    assertThat(millisUntilExit(runner)).isLessThan(5000);
  }

  @Test
  void aSignalDuringStartupStillEndsCleanly() throws Exception {
    // From "JVM still loading" to "just bound": whatever the moment, no stack trace, no socket
    // left behind, and status 0 once the runner handles signals (143 before it can).
    // Steps of 40 ms over the JVM's start, the bind and the first log line.
    for (int delayMillis = 100; delayMillis <= 700; delayMillis += 40) {
      Path socket = dir.resolve("early-" + delayMillis + ".sock");
      Path log = dir.resolve("early-" + delayMillis + ".log");
      Process runner = launch(runnerCommand(socket), log);
      Thread.sleep(delayMillis);
      runner.destroy(); // SIGTERM
      assertThat(runner.waitFor(5, TimeUnit.SECONDS)).as("exit after %d ms", delayMillis).isTrue();
      assertThat(runner.exitValue()).as("status after %d ms", delayMillis).isIn(0, 143);
      assertThat(socket).as("socket after %d ms", delayMillis).doesNotExist();
      try (var left = Files.list(dir)) {
        assertThat(left.map(path -> path.getFileName().toString()))
            .as("files left after %d ms", delayMillis)
            .allMatch(name -> name.endsWith(".log"));
      }
      assertThat(Files.readString(log))
          .as("output after %d ms", delayMillis)
          .doesNotContain("Exception")
          .doesNotContain("Shutdown in progress");
    }
  }

  @Test
  void startupOutputIsTheSameEveryTime() throws Exception {
    for (int run = 0; run < 6; run++) {
      Path socket = dir.resolve("quiet-" + run + ".sock");
      Path log = dir.resolve("quiet-" + run + ".log");
      Process runner = launch(runnerCommand(socket), log);
      awaitSocket(socket, log);
      runner.destroy();
      assertThat(runner.waitFor(5, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(output).as("run %d", run).doesNotContain("SLF4J");
      assertThat(output.lines().findFirst().orElse(""))
          .as("run %d: the first line is the startup line, in the configured format", run)
          .startsWith("[INFO] Launcher - a6 runner ");
    }
  }

  @Test
  void aSecondRunnerOnALiveSocketTakesItOverLoudlyAndTheFirstStops() throws Exception {
    Path socket = dir.resolve("shared.sock");
    Path firstLog = dir.resolve("first.log");
    Path secondLog = dir.resolve("second.log");
    Process first = launch(runnerCommand(socket), firstLog);
    awaitSocket(socket, firstLog);

    Process second = launch(runnerCommand(socket), secondLog);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.readString(secondLog).contains("listening on") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.readString(secondLog))
        .contains("took " + socket + " over from another runner that was still serving it");
    assertThat(first.waitFor(5, TimeUnit.SECONDS)).as("the first runner stops by itself").isTrue();
    assertThat(first.exitValue()).isZero();
    assertThat(Files.readString(firstLog))
        .contains("is no longer this runner's socket (another runner took it over");
    assertThat(socket).as("the first runner leaves the second's socket alone").exists();
    try (TestClient client = TestClient.connect(socket)) {
      assertThat(client.prepare("k", "wait", "1")).isPositive();
    }
    second.destroy();
    assertThat(second.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isZero();
  }

  private static List<String> quoted(List<String> words) {
    return words.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").toList();
  }

  /**
   * Waits up to 5 s for an orphaned runner to exit; returns how long it took. Not {@code onExit()}
   * or {@code isAlive()}: a process that is no child of ours counts as alive until init reaps it,
   * which some inits do only every second or two.
   */
  private static long millisUntilExit(ProcessHandle process) throws Exception {
    long start = System.nanoTime();
    while (!hasExited(process) && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(10);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Whether a process that is not our child has exited: gone, or a zombie awaiting its reaper. */
  private static boolean hasExited(ProcessHandle process) throws IOException {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    String line;
    try {
      line = Files.readString(stat);
    } catch (NoSuchFileException e) {
      return true;
    }
    // "pid (command) state ...": the command may contain spaces and parentheses.
    return line.substring(line.lastIndexOf(')') + 2).startsWith("Z");
  }
}
