package dev.a6.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sample runner jar as APISIX runs it: a process with {@code APISIX_LISTEN_ADDRESS} set,
 * its stderr going to a log file. Restarts append to the same log.
 */
final class RunnerProcess {
  private final Path jar;
  private final Path socket;
  private final Path log;
  private final Map<String, String> env;
  private final List<String> args;
  private final List<String> jvmFlags;
  private final List<Path> extraClassPath;
  private Process process;

  RunnerProcess(Path jar, Path socket, Path log, Map<String, String> env, List<String> args) {
    this(jar, socket, log, env, args, List.of(), List.of());
  }

  /**
   * @param jvmFlags flags for the JVM, before the jar
   * @param extraClassPath jars to run beside the runner jar (then started as {@code -cp jar:…
   *     dev.a6.Runner}, as a user adds a module to a runner)
   */
  RunnerProcess(
      Path jar,
      Path socket,
      Path log,
      Map<String, String> env,
      List<String> args,
      List<String> jvmFlags,
      List<Path> extraClassPath) {
    this.jar = jar;
    this.socket = socket;
    this.log = log;
    this.env = env;
    this.args = args;
    this.jvmFlags = jvmFlags;
    this.extraClassPath = extraClassPath;
  }

  /** Starts the runner and waits until it listens. */
  void start() throws IOException, InterruptedException {
    int started = count(log(), "listening on unix:");
    launch();
    awaitStarted(started);
  }

  /** Starts the runner's process and returns at once, as APISIX's ext-plugin.cmd does. */
  void launch() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    if (extraClassPath.isEmpty()) {
      command.add("-jar");
      command.add(jar.toString());
    } else {
      List<String> classPath = new ArrayList<>(List.of(jar.toString()));
      extraClassPath.forEach(path -> classPath.add(path.toString()));
      command.addAll(List.of("-cp", String.join(":", classPath), "dev.a6.Runner"));
    }
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("APISIX_LISTEN_ADDRESS", "unix:" + socket);
    builder.environment().put("APISIX_CONF_EXPIRE_TIME", "3600");
    builder.environment().putAll(env);
    process = builder.start();
  }

  /**
   * Waits until the runner has logged its startup line once more than the {@code before} times
   * counted before it was launched.
   */
  void awaitStarted(int before) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count(log(), "listening on unix:") == before) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the runner exited with " + process.exitValue() + " before listening:\n" + log());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the runner did not listen within 30 s:\n" + log());
      }
      Thread.sleep(20);
    }
  }

  /** Stops the runner as APISIX does (SIGTERM) and returns its exit status. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("the runner did not exit within 5 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Kills the runner at once (SIGKILL): no clean stop, the socket file stays behind. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  Path socket() {
    return socket;
  }

  /** Everything the runner logged so far. */
  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
