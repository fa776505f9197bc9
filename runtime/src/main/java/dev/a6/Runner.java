package dev.a6;

import dev.a6.internal.launch.Launcher;
import dev.a6.spi.FilterRegistry;
import java.util.function.Supplier;

/**
 * Starts a plugin runner.
 *
 * <p>A runner jar names this class as its {@code Main-Class}: {@link #main(String[])} finds the
 * plugins the a6 annotation processor registered ({@code META-INF/services/dev.a6.spi
 * .FilterRegistry}), in every jar on the class path. The processor also generates a {@code main}
 * of its own, which calls {@link #launch(Supplier, String...)} with its plugins, for those who
 * want to start a runner from their own code.
 */
public final class Runner {
  private Runner() {}

  /**
   * Runs the command line {@code args} with every plugin on the class path, then exits the JVM
   * with the command's status. Without any (the processor did not run), {@code run} and {@code
   * selftest} exit with status 2 and one line saying how to add it; two plugins of one name are
   * the same kind of error, naming both jars.
   */
  public static void main(String[] args) {
    launch(Launcher::discoverPlugins, args);
  }

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
