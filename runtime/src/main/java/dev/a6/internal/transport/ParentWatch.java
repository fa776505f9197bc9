package dev.a6.internal.transport;

import dev.a6.internal.launch.RunnerConfig.ParentMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exits the runner when the process that started it dies.
 *
 * <p>APISIX starts the runner from nginx and stops it with SIGTERM, but an nginx that is killed
 * (or crashes) sends nothing: the runner would live on, holding the socket. Started by nginx or
 * openresty, the runner therefore checks every 500 ms that its parent (same pid, same start time)
 * is still there. {@code ProcessHandle.onExit()} cannot watch a process that is not a child.
 * Started from a shell, the runner does not watch, so it survives the shell by default.
 */
public final class ParentWatch {
  private static final Logger log = LoggerFactory.getLogger(ParentWatch.class);
  static final long PERIOD_MILLIS = 500;

  private final long parentPid;
  private final @Nullable Instant parentStart;

  private ParentWatch(ProcessHandle parent) {
    this.parentPid = parent.pid();
    this.parentStart = parent.info().startInstant().orElse(null);
  }

  /**
   * Starts watching, on a daemon thread, if {@code mode} asks for it; {@code onParentGone} runs
   * on that thread once the parent is gone.
   *
   * @return a description for the startup line
   */
  public static String start(ParentMode mode, Runnable onParentGone) {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    if (mode == ParentMode.NEVER || parent.isEmpty()) {
      return "not watching the parent process";
    }
    String parentName = commandName(parent.get());
    if (mode == ParentMode.AUTO && !isNginx(parentName)) {
      return "not watching parent " + parentName + " (not nginx)";
    }
    ParentWatch watch = new ParentWatch(parent.get());
    Thread thread =
        new Thread(
            () -> {
              while (watch.parentAlive()) {
                try {
                  Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
              log.warn("parent process {} ({}) is gone; stopping", watch.parentPid, parentName);
              onParentGone.run();
            },
            "a6-parent-watch");
    thread.setDaemon(true);
    thread.start();
    return "exits with its parent " + parentName + " (pid " + watch.parentPid + ")";
  }

  private boolean parentAlive() {
    Optional<ProcessHandle> current = ProcessHandle.current().parent();
    if (current.isEmpty() || current.get().pid() != parentPid || !current.get().isAlive()) {
      return false;
    }
    // A recycled pid belongs to a process with another start time.
    Instant start = current.get().info().startInstant().orElse(null);
    return parentStart == null || parentStart.equals(start);
  }

  static boolean isNginx(String command) {
    String name = command.toLowerCase(Locale.ROOT);
    return name.equals("nginx") || name.equals("openresty") || name.startsWith("nginx:");
  }

  /** The parent's executable name; {@code /proc/<pid>/comm} where its path is not readable. */
  static String commandName(ProcessHandle process) {
    Optional<String> command = process.info().command();
    if (command.isPresent()) {
      return Path.of(command.get()).getFileName().toString();
    }
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm")).trim();
    } catch (IOException | RuntimeException e) {
      return "pid " + process.pid();
    }
  }
}
