package dev.a6.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The fixture of an end-to-end test class: the sample runner jar and a gateway running APISIX's
 * own ext-plugin client in front of it, started once for the class. Register it as a static
 * field with {@code @RegisterExtension}.
 *
 * <p>Where no gateway is built the class is skipped, with one line saying so and how to build it;
 * a failing test prints the end of both logs.
 */
final class E2e implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, TestWatcher {
  private static final AtomicBoolean SKIP_REPORTED = new AtomicBoolean();
  private static final AtomicInteger SOCKETS = new AtomicInteger();

  private int workers = 1;
  private final Map<String, String> runnerEnv = new HashMap<>();
  private final List<String> runnerArgs = new ArrayList<>();
  private final List<String> runnerJvmFlags = new ArrayList<>();
  private final List<Path> runnerClassPath = new ArrayList<>();

  private Path logDir;
  private Path home;
  private RunnerProcess runner;
  private Gateway gateway;

  /** The gateway runs this many nginx workers (1 by default). */
  E2e workers(int workers) {
    this.workers = workers;
    return this;
  }

  /** Starts the runner with an environment variable set. */
  E2e runnerEnv(String name, String value) {
    runnerEnv.put(name, value);
    return this;
  }

  /** Starts the runner with these command-line options. */
  E2e runnerArgs(String... args) {
    runnerArgs.addAll(List.of(args));
    return this;
  }

  /** Starts the runner's JVM with these flags. */
  E2e runnerJvmFlags(String... flags) {
    runnerJvmFlags.addAll(List.of(flags));
    return this;
  }

  /** Runs these jars (or class folders) beside the runner jar. */
  E2e runnerClassPath(List<Path> entries) {
    runnerClassPath.addAll(entries);
    return this;
  }

  RunnerProcess runner() {
    return runner;
  }

  Gateway gateway() {
    return gateway;
  }

  /** Replaces the gateway's routes; every route gets a new {@code conf_version}. */
  void routes(Route... routes) throws IOException {
    gateway.routes(List.of(routes));
  }

  /** Sends a request through the gateway. */
  Http.Response send(Http request) throws IOException {
    return request.send(gateway.port());
  }

  /** Starts another gateway on the same runner socket; the caller stops it. */
  Gateway startGateway(int workers) throws IOException {
    return Gateway.start(home, runner.socket(), workers);
  }

  /** Where this class's logs go. */
  Path logDir() {
    return logDir;
  }

  // ------------------------------------------------------------------------------ lifecycle

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String fromEnv = System.getenv("A6_GATEWAY");
    Path home = gatewayHome();
    if (Files.isExecutable(home.resolve("run-e2e.sh"))) {
      return ConditionEvaluationResult.enabled("gateway at " + home);
    }
    if (fromEnv != null) {
      throw new IllegalStateException(
          "A6_GATEWAY=" + fromEnv + " is not a built gateway (no executable run-e2e.sh in it);"
              + " build it there or unset A6_GATEWAY");
    }
    String reason =
        "end-to-end tests through APISIX's real client SKIPPED: no gateway at " + home
            + " (build it as docs/testing.md says, or set A6_GATEWAY to its folder)";
    if (SKIP_REPORTED.compareAndSet(false, true)) {
      System.out.println("[a6 e2e] " + reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    home = gatewayHome();
    logDir =
        Path.of(System.getProperty("a6.logDir", "target/e2e-logs"))
            .resolve(context.getRequiredTestClass().getSimpleName());
    Files.createDirectories(logDir);
    Files.deleteIfExists(logDir.resolve("runner.log"));
    // Short, in /tmp: Unix socket paths are limited to 107 bytes, and nginx's workers run as
    // nobody and must reach it.
    String name = "a6-e2e-" + ProcessHandle.current().pid() + "-" + SOCKETS.incrementAndGet();
    Path socket = Path.of("/tmp", name + ".sock");
    // A6_RUNNER_JAR runs the suite against another build of the sample runner.
    String jarFromEnv = System.getenv("A6_RUNNER_JAR");
    Path jar =
        Path.of(
            jarFromEnv != null
                ? jarFromEnv
                : System.getProperty("a6.runnerJar", "../samples/target/a6-samples-runner.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the samples module first");
    }
    runner =
        new RunnerProcess(
            jar, socket, logDir.resolve("runner.log"), runnerEnv, runnerArgs, runnerJvmFlags,
            runnerClassPath);
    runner.start();
    gateway = Gateway.start(home, socket, workers);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (gateway != null) {
        gateway.stop(logDir.resolve("gateway-error.log"));
      }
    } finally {
      if (runner != null && runner.isAlive()) {
        runner.kill();
      }
      if (runner != null) {
        Files.deleteIfExists(runner.socket());
      }
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    try {
      System.out.println(
          "[a6 e2e] " + context.getDisplayName() + " failed; runner log (end):\n"
              + tail(runner.log(), 40) + "\n[a6 e2e] gateway error.log (end):\n"
              + tail(gateway.errorLog(), 40));
    } catch (IOException e) {
      System.out.println("[a6 e2e] could not read the logs: " + e);
    }
  }

  /** {@code A6_GATEWAY}, else the build's {@code a6.gateway} property, else the default folder. */
  private static Path gatewayHome() {
    String fromEnv = System.getenv("A6_GATEWAY");
    return Path.of(
        fromEnv != null ? fromEnv : System.getProperty("a6.gateway", "/tmp/apisix-gateway"));
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
  }
}
