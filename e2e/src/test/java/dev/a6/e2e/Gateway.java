package dev.a6.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The APISIX gateway under test: nginx hosting APISIX's own ext-plugin client, controlled by the
 * gateway folder's {@code run-e2e.sh}. Each instance listens on free ports of its own and points
 * at one runner socket.
 */
final class Gateway {
  private final Path home;
  private final Path socket;
  private final Map<String, String> env;
  private final int port;
  private final int adminPort;
  private final Path prefix;

  private Gateway(Path home, Path socket, int workers) throws IOException {
    this.home = home;
    this.socket = socket;
    this.port = freePort();
    this.adminPort = freePort();
    int upstreamPort = freePort();
    this.prefix = home.resolve("run").resolve("a6-e2e-" + port);
    this.env =
        Map.of(
            "E2E_PORT", Integer.toString(port),
            "E2E_ADMIN_PORT", Integer.toString(adminPort),
            "E2E_UPSTREAM_PORT", Integer.toString(upstreamPort),
            "E2E_WORKERS", Integer.toString(workers),
            "E2E_PREFIX", prefix.toString(),
            "E2E_ACCESS_LOG", "off");
  }

  /** Starts a gateway with {@code workers} nginx workers whose ext-plugin client uses {@code socket}. */
  static Gateway start(Path home, Path socket, int workers) throws IOException {
    Gateway gateway = new Gateway(home, socket, workers);
    gateway.control("start");
    return gateway;
  }

  /** The port clients send requests to. */
  int port() {
    return port;
  }

  /** Replaces every route. Each call gives every route a new {@code conf_version}. */
  void routes(List<Route> routes) throws IOException {
    Http.Response answer = Http.put("/e2e/routes").body(Route.document(routes)).send(adminPort);
    if (answer.status() != 200) {
      throw new IllegalStateException("the gateway refused the routes: " + answer);
    }
  }

  /** The gateway's error log: APISIX's client logs every runner failure there. */
  String errorLog() throws IOException {
    Path log = prefix.resolve("logs/error.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
  }

  /** Stops the gateway, keeps its error log as {@code keepLog} and removes its run folder. */
  void stop(Path keepLog) throws IOException {
    try {
      control("stop");
    } finally {
      Path log = prefix.resolve("logs/error.log");
      if (Files.exists(log)) {
        Files.copy(log, keepLog, StandardCopyOption.REPLACE_EXISTING);
      }
      deleteTree(prefix);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private void control(String command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(home.resolve("run-e2e.sh").toString(), socket.toString(), command)
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("run-e2e.sh " + command + " did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "run-e2e.sh " + command + " failed (exit " + process.exitValue() + "):\n" + output);
    }
  }

  /** A port nothing listens on now; the gateway binds it a moment later. */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
