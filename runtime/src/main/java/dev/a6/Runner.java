package dev.a6;

import dev.a6.internal.Launcher;
import dev.a6.spi.FilterRegistry;

/**
 * Starts a plugin runner. The {@code main} the annotation processor generates calls {@link
 * #main(FilterRegistry, String...)}; nothing else needs to.
 */
public final class Runner {
  private Runner() {}

  /**
   * Runs the command line {@code args} ({@code run} by default, {@code --help}, {@code
   * --version}) with the given filters, then exits the JVM with the command's status. {@code run}
   * returns only once the runner was stopped by SIGTERM or SIGINT, or because the nginx that
   * started it died.
   */
  public static void main(FilterRegistry filters, String... args) {
    int status = Launcher.run(filters, args, System::getenv, System.out, System.err);
    System.exit(status);
  }
}
