package dev.a6.internal.launch;

import dev.a6.internal.apisix.DebugCall;
import dev.a6.internal.call.RpcLog;
import dev.a6.internal.transport.EarlySocket;
import dev.a6.internal.transport.ParentWatch;
import dev.a6.internal.transport.Server;
import dev.a6.spi.FilterObserver;
import dev.a6.spi.FilterRegistry;
import io.netty.channel.epoll.Epoll;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner's command line: {@code run} (the default), {@code --help}, {@code --version}. */
public final class Launcher {
  /** Exit status for a setting the runner cannot start with. */
  static final int USAGE_ERROR = 2;

  private Launcher() {}

  /**
   * Runs the command and returns the process exit status; for {@code run}, returns once the
   * runner has stopped.
   */
  public static int run(
      FilterRegistry registry,
      String[] args,
      Function<String, @Nullable String> env,
      PrintStream out,
      PrintStream err) {
    return run(() -> registry, args, env, out, err);
  }

  /**
   * {@link #run(FilterRegistry, String[], Function, PrintStream, PrintStream)} with the plugins
   * created only for the commands that need them: a filter class that cannot be created is then
   * one line and exit status 2, and {@code --help} and {@code --version} still work.
   */
  public static int run(
      Supplier<? extends FilterRegistry> plugins,
      String[] args,
      Function<String, @Nullable String> env,
      PrintStream out,
      PrintStream err) {
    List<String> options = new ArrayList<>(Arrays.asList(args));
    String command = options.isEmpty() || options.get(0).startsWith("--") && !isInfo(options.get(0))
        ? "run"
        : options.remove(0);
    switch (command) {
      case "--help", "-h", "help" -> {
        out.print(RunnerConfig.help("java -jar <runner>.jar"));
        return 0;
      }
      case "--version", "version" -> {
        out.println("a6 runner " + version());
        return 0;
      }
      case "call" -> {
        return DebugCall.run(options, () -> RunnerConfig.defaultSocket(env), out, err);
      }
      case "selftest" -> {
        FilterRegistry registry = createPlugins(plugins, err);
        return registry == null ? USAGE_ERROR : SelfTest.run(registry, options, env, out, err);
      }
      case "run" -> {
        // handled below
      }
      default -> {
        err.println("a6: unknown command \"" + command + "\"; see --help");
        return USAGE_ERROR;
      }
    }
    RunnerConfig config;
    try {
      config = RunnerConfig.parse(options, env);
      checkLogFile(config);
    } catch (StartupException e) {
      err.println("a6: " + e.getMessage());
      return USAGE_ERROR;
    }
    applySettings(config);
    // From here on a SIGTERM or SIGINT is a stop request, even before the server exists: the
    // runner then stops as soon as it has started, and exits 0 with its socket removed.
    StopRequest stop = new StopRequest();
    StopSignals.install(stop::request);
    try {
      // The hook covers what the signal handlers do not: System.exit elsewhere, SIGHUP.
      Runtime.getRuntime().addShutdownHook(new Thread(stop::exiting, "a6-shutdown"));
    } catch (IllegalStateException shuttingDown) {
      return 0; // the JVM is already exiting: nothing was started
    }
    // APISIX connects as soon as it has started the runner: the socket listens before the
    // slow part of start-up, and holds those connects until the server accepts them.
    EarlySocket early = stop.holdEarly(EarlySocket.bind(config));
    // slf4j starts here, on this thread, with the options applied: before any other thread
    // (the native loader logs) could start it concurrently.
    Logger log = LoggerFactory.getLogger(Launcher.class);
    preloadNativeTransport();
    FilterRegistry registry = createPlugins(plugins, err);
    Server server;
    try {
      if (registry == null) {
        stop.abandonEarly();
        return USAGE_ERROR;
      }
      List<FilterObserver> observers =
          discoverObservers(Thread.currentThread().getContextClassLoader());
      server = Server.start(config, registry, observers, stop.takeEarly());
    } catch (StartupException e) {
      stop.abandonEarly();
      log.error("cannot start: {}", e.getMessage());
      err.println("a6: " + e.getMessage());
      return USAGE_ERROR;
    }
    // A stop by signal or by the parent's death ends in awaitStopped below and exit status 0.
    String parentWatch = ParentWatch.start(config.exitWithParent(), stop::request);
    if (!stop.serve(server)) {
      log.info(server.describe(registry, version(), parentWatch));
      HeapReturn.applyLater();
    }
    server.awaitStopped();
    return 0;
  }

  /**
   * Every plugin registry the a6 processor generated that the context class loader sees, as one:
   * the plugins of a runner whose {@code Main-Class} is the runtime's.
   *
   * @throws StartupException if there is none, or two define the same plugin
   */
  public static FilterRegistry discoverPlugins() {
    return Registries.discover(Thread.currentThread().getContextClassLoader());
  }

  /**
   * The filter observers on the class path (a6-opentelemetry's, say), each created once.
   *
   * @throws StartupException if one cannot be created
   */
  static List<FilterObserver> discoverObservers(ClassLoader loader) {
    List<FilterObserver> observers = new ArrayList<>();
    try {
      for (FilterObserver observer : ServiceLoader.load(FilterObserver.class, loader)) {
        observers.add(observer);
        LoggerFactory.getLogger(Launcher.class)
            .info("filter observer {} is on", observer.getClass().getName());
      }
    } catch (ServiceConfigurationError | RuntimeException e) {
      // The SDKs behind observers wrap their causes: the innermost says what to fix.
      StringBuilder causes = new StringBuilder();
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        causes.append(causes.length() == 0 ? "" : ", caused by ").append(cause);
      }
      throw new StartupException(
          "a filter observer on the class path cannot be created: "
              + (causes.length() == 0 ? e.toString() : causes)
              + "; fix its configuration or remove its jar",
          e);
    }
    return observers;
  }

  /** The plugins, or {@code null} after one line on {@code err} saying why they cannot be made. */
  private static @Nullable FilterRegistry createPlugins(
      Supplier<? extends FilterRegistry> plugins, PrintStream err) {
    try {
      return plugins.get();
    } catch (StartupException e) {
      err.println("a6: " + e.getMessage());
      return null;
    } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
      Throwable cause =
          (e instanceof ExceptionInInitializerError || e instanceof ServiceConfigurationError)
                  && e.getCause() != null
              ? e.getCause()
              : e;
      StackTraceElement[] trace = cause.getStackTrace();
      String where = trace.length == 0 ? "" : " at " + trace[0];
      err.println(
          "a6: cannot create the plugins: a filter class's constructor or static initializer"
              + " failed: " + cause + where);
      return null;
    }
  }

  /** Refuses a {@code --log-file} the runner cannot append to, before anything logs. */
  private static void checkLogFile(RunnerConfig config) {
    String file = config.logFile();
    if (file == null) {
      return;
    }
    try {
      new FileOutputStream(file, true).close(); // opening it for appending is the check
    } catch (IOException | SecurityException e) {
      throw new StartupException(
          "--log-file (A6_LOG_FILE) " + file + " cannot be written: " + e.getMessage()
              + "; choose a writable file, or leave the option out to log to stderr");
    }
  }

  /**
   * A stop asked for by a signal, the parent's death or the JVM's shutdown, possibly before the
   * server exists: it is then stopped as soon as it is handed over. Until then this also holds
   * the socket bound at start-up, to remove it if the JVM exits first.
   */
  private static final class StopRequest {
    private @Nullable Server server;
    private @Nullable EarlySocket early;
    private boolean requested;

    void request() {
      Server current;
      synchronized (this) {
        requested = true;
        current = server;
      }
      if (current != null) {
        current.stop();
      }
    }

    /**
     * The JVM is exiting (the shutdown hook): stops the server, or, before there is one, removes
     * the socket bound at start-up, since the main thread will not get to it.
     */
    void exiting() {
      request();
      abandonEarly();
    }

    synchronized @Nullable EarlySocket holdEarly(@Nullable EarlySocket socket) {
      early = socket;
      return socket;
    }

    /** Hands the socket bound at start-up to the server about to start; it owns it from here. */
    synchronized @Nullable EarlySocket takeEarly() {
      EarlySocket socket = early;
      early = null;
      return socket;
    }

    /** Closes and removes the socket bound at start-up, unless a server has taken it. */
    void abandonEarly() {
      EarlySocket socket = takeEarly();
      if (socket != null) {
        socket.abandon();
      }
    }

    /** Hands over the started server; returns whether it was stopped already. */
    boolean serve(Server started) {
      synchronized (this) {
        server = started;
        if (!requested) {
          return false;
        }
      }
      started.stop();
      return true;
    }
  }

  /**
   * Loads the native epoll transport on a side thread while the main one parses options and
   * prepares the rest: loading the library is the slowest step of startup, and the server waits
   * for it only when it binds.
   */
  private static void preloadNativeTransport() {
    Thread loader = new Thread(Epoll::isAvailable, "a6-native-loader");
    loader.setDaemon(true);
    loader.start();
  }

  private static boolean isInfo(String arg) {
    return arg.equals("--help") || arg.equals("--version");
  }

  /** Applies the logging and Netty settings of {@code run}; the self-test shares them. */
  static void applySettings(RunnerConfig config) {
    configureLogging(config);
    configureNetty();
  }

  /**
   * Passes the log settings to slf4j-simple, the backend the samples ship, through its system
   * properties; they must be set before the first logger exists. Other backends ignore them.
   */
  private static void configureLogging(RunnerConfig config) {
    if (config.logFile() != null) {
      setDefault("org.slf4j.simpleLogger.showDateTime", "true");
      setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    } else {
      // APISIX stamps each line it copies from stderr into its error.log with its own time;
      // a date format would also cost the runner's startup a round of locale loading.
      setDefault("org.slf4j.simpleLogger.showDateTime", "false");
    }
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    if (config.logLevel() != null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
    }
    if (config.logFile() != null) {
      System.setProperty("org.slf4j.simpleLogger.logFile", config.logFile());
    }
    if (config.logRpc() != RunnerConfig.RpcLogging.OFF) {
      // The RPC lines are DEBUG on their own logger: on, whatever the level of the rest.
      setDefault("org.slf4j.simpleLogger.log." + RpcLog.LOGGER, "debug");
    }
  }

  /**
   * Netty's choices the runner makes unless the command line made them. JFR events for its
   * buffer allocator are off: the first allocation would otherwise register their event classes
   * with the flight recorder, which costs APISIX's first call over 100 ms (with a class archive)
   * and is of use only while recording. {@code -Dio.netty.jfr.enabled=true} turns them back on.
   */
  private static void configureNetty() {
    setDefault("io.netty.jfr.enabled", "false");
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /** The a6 version this runtime was built as. */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = Launcher.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // The version is informative only.
    }
    return properties.getProperty("version", "unknown");
  }
}
