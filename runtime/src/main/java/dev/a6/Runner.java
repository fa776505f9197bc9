package dev.a6;

import dev.a6.internal.launch.Launcher;
import dev.a6.spi.FilterRegistry;
import java.util.function.Supplier;

/**
 * Starts a plugin runner. The {@code main} the annotation processor generates calls {@link
 * #launch(Supplier, String...)}; nothing else needs to.
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

  /**
   * {@link #main(FilterRegistry, String...)}, creating the filters only for the commands that
   * run them: a filter class that cannot be created is reported in one line with exit status 2,
   * and {@code --help} and {@code --version} work all the same.
   */
  public static void launch(Supplier<? extends FilterRegistry> filters, String... args) {
    int status = Launcher.run(filters, args, System::getenv, System.out, System.err);
    System.exit(status);
  }
}
