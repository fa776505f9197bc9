package dev.a6.internal.launch;

import java.util.List;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the runner cleanly, after which it exits with status 0, as the Go
 * runner does. Left to the JVM they would end it with 143 or 130 (128 + the signal) once the
 * shutdown hooks ran, which process supervisors and APISIX's log ("runner exited with reason:
 * exit, status: 143") read as a crash.
 */
final class StopSignals {
  private StopSignals() {}

  /** Runs {@code stop} on SIGTERM and SIGINT instead of exiting the JVM. */
  static void install(Runnable stop) {
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> stop.run());
      } catch (IllegalArgumentException e) {
        // The JVM keeps the signal for itself (-Xrs, say): its shutdown hook still stops the
        // runner, only the exit status is the JVM's.
        // The logger is got only here: the handlers are installed before slf4j is up.
        LoggerFactory.getLogger(StopSignals.class)
            .debug(
                "cannot handle SIG{}: {}; the shutdown hook stops the runner",
                name,
                e.getMessage());
      }
    }
  }
}
