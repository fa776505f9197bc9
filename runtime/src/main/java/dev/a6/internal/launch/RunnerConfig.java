package dev.a6.internal.launch;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The runner's settings. Each is a command-line option, usable in APISIX's {@code ext-plugin.cmd},
 * with an environment variable as a fallback: APISIX passes a runner only {@code
 * APISIX_LISTEN_ADDRESS} and {@code APISIX_CONF_EXPIRE_TIME}, and nginx removes every other
 * variable unless {@code nginx_config.envs} lists it.
 *
 * @param socket the Unix socket to listen on
 * @param socketMode the socket file's permission bits
 * @param confExpireSeconds APISIX's conf token cache time; chains live 1.2 times as long
 * @param transport which Netty transport to use
 * @param ioThreads event loop threads
 * @param blockingThreads worker threads for chains with a blocking filter
 * @param backlog the accept queue length
 * @param confCacheEntries the most prepared confs held at once
 * @param confCacheBytes the most conf text (in chars) the held confs may have
 * @param exitWithParent when to exit as the parent process dies
 * @param logLevel the log level for the slf4j-simple backend, or {@code null} to leave it
 * @param logFile a log file for the slf4j-simple backend, or {@code null} for stderr
 * @param logRpc whether and how every RPC is logged
 * @param metricsListen where to serve Prometheus metrics (unresolved), or {@code null} for none
 */
public record RunnerConfig(
    Path socket,
    int socketMode,
    long confExpireSeconds,
    Transport transport,
    int ioThreads,
    int blockingThreads,
    int backlog,
    int confCacheEntries,
    long confCacheBytes,
    ParentMode exitWithParent,
    @Nullable String logLevel,
    @Nullable String logFile,
    RpcLogging logRpc,
    @Nullable InetSocketAddress metricsListen) {

  /** {@code --log-rpc}: a line per RPC, credentials and bodies left out unless unredacted. */
  public enum RpcLogging {
    OFF,
    REDACTED,
    UNREDACTED
  }

  /** Which transport the runner uses. */
  public enum Transport {
    /** Native epoll where it loads, else NIO. */
    AUTO,
    EPOLL,
    NIO
  }

  /** When the runner exits because its parent process died. */
  public enum ParentMode {
    /** When the parent is nginx or openresty, i.e. APISIX started the runner. */
    AUTO,
    ALWAYS,
    NEVER
  }

  /** Unix domain socket paths are limited by {@code sun_path}: 108 bytes with the final NUL. */
  public static final int MAX_SOCKET_PATH_BYTES = 107;

  private static final String DEFAULT_LISTEN = "unix:/tmp/runner.sock";

  /** The options, in the order {@code --help} shows them. */
  private static final List<Option> OPTIONS =
      List.of(
          new Option(
              "listen",
              "APISIX_LISTEN_ADDRESS",
              DEFAULT_LISTEN,
              "the socket to listen on, as unix:/absolute/path"),
          new Option(
              "conf-expire-time",
              "APISIX_CONF_EXPIRE_TIME",
              "3600",
              "seconds APISIX caches a conf token; chains live 1.2 times as long"),
          new Option(
              "socket-mode",
              "A6_SOCKET_MODE",
              "0766",
              "octal permissions of the socket file (APISIX workers must be able to write it)"),
          new Option("transport", "A6_TRANSPORT", "auto", "auto, epoll or nio"),
          new Option(
              "io-threads", "A6_IO_THREADS", "number of CPUs", "event loop threads"),
          new Option(
              "blocking-threads",
              "A6_BLOCKING_THREADS",
              "32",
              "threads for chains with a blocking filter"),
          new Option("backlog", "A6_BACKLOG", "4096", "length of the socket's accept queue"),
          new Option(
              "conf-cache-entries",
              "A6_CONF_CACHE_ENTRIES",
              "100000",
              "most prepared confs kept; past it the least recently used go"),
          new Option(
              "conf-cache-bytes",
              "A6_CONF_CACHE_BYTES",
              "67108864",
              "most conf text (characters) the kept confs may hold"),
          new Option(
              "exit-with-parent",
              "A6_EXIT_WITH_PARENT",
              "auto",
              "exit when the parent dies: auto (if it is nginx/openresty), always or never"),
          new Option(
              "log-level",
              "A6_LOG_LEVEL",
              "info",
              "trace, debug, info, warn, error or off (slf4j-simple backend)"),
          new Option(
              "log-file",
              "A6_LOG_FILE",
              "stderr",
              "a file to log to instead of stderr (slf4j-simple backend)"),
          new Option(
              "log-rpc",
              "A6_LOG_RPC",
              "off",
              "one DEBUG line per RPC on logger a6.rpc: --log-rpc (credentials and bodies left"
                  + " out), --log-rpc=unredacted or off",
              "redacted"),
          new Option(
              "metrics-listen",
              "A6_METRICS_LISTEN",
              "off",
              "serve Prometheus metrics at http://HOST:PORT/metrics (PORT alone: every interface)"));

  /**
   * @param bare the value of {@code --name} given alone, or {@code null} if it needs one
   */
  private record Option(
      String name, String env, String defaultValue, String help, @Nullable String bare) {
    Option(String name, String env, String defaultValue, String help) {
      this(name, env, defaultValue, help, null);
    }
  }

  /** Reads the settings from the command line, then the environment, then the defaults. */
  public static RunnerConfig parse(List<String> args, Function<String, @Nullable String> env) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new StartupException("unexpected argument \"" + arg + "\"; see --help");
      }
      String name = arg.substring(2);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      Option known = option(name);
      if (known == null) {
        throw new StartupException("unknown option --" + name + "; see --help");
      }
      if (value == null
          && known.bare() != null
          && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
        value = known.bare();
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new StartupException("option --" + name + " needs a value; see --help");
        }
        value = args.get(++i);
      }
      given.put(name, value);
    }
    Function<String, @Nullable String> lookup =
        name -> {
          String value = given.get(name);
          if (value == null) {
            Option option = Objects.requireNonNull(option(name));
            value = env.apply(option.env());
            if (value != null && value.isEmpty()) {
              value = null;
            }
          }
          return value;
        };
    return new RunnerConfig(
        socketPath(orDefault(lookup, "listen", DEFAULT_LISTEN)),
        socketMode(orDefault(lookup, "socket-mode", "0766")),
        positive(lookup, "conf-expire-time", 3600, 10L * 365 * 24 * 3600, "a whole number of seconds"),
        choice(lookup, "transport", Transport.values(), Transport.AUTO),
        (int) positive(lookup, "io-threads", Runtime.getRuntime().availableProcessors(), 256, "a thread count"),
        (int) positive(lookup, "blocking-threads", 32, 4096, "a thread count"),
        (int) positive(lookup, "backlog", 4096, 65535, "a queue length"),
        (int) positive(lookup, "conf-cache-entries", 100_000, 100_000_000, "a number of confs"),
        positive(lookup, "conf-cache-bytes", 64L << 20, 1L << 40, "a number of characters"),
        choice(lookup, "exit-with-parent", ParentMode.values(), ParentMode.AUTO),
        logLevel(lookup.apply("log-level")),
        lookup.apply("log-file"),
        choice(lookup, "log-rpc", RpcLogging.values(), RpcLogging.OFF),
        metricsListen(lookup.apply("metrics-listen")));
  }

  /**
   * {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code PORT} (or {@code :PORT}) for every
   * interface; {@code off} or nothing for no metrics. The host is resolved when the server binds.
   */
  private static @Nullable InetSocketAddress metricsListen(@Nullable String value) {
    if (value == null || value.equals("off")) {
      return null;
    }
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon);
    String port = value.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      host = "?"; // an IPv6 address without brackets: its last group would pass for the port
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 0 || number > 65535 || host.equals("?") || host.contains(" ")) {
      throw new StartupException(
          "--metrics-listen (A6_METRICS_LISTEN) \"" + value + "\" is not an address to listen on;"
              + " give HOST:PORT such as 127.0.0.1:9091, [::1]:9091, or a port alone (9091) for"
              + " every interface; port 0 takes a free port, named in the start-up line");
    }
    return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, number);
  }

  /** The {@code --help} text. */
  public static String help(String command) {
    StringBuilder out = new StringBuilder();
    out.append("Usage: ").append(command).append(" [run] [options]\n")
        .append("       ").append(command).append(" selftest [options]\n")
        .append("       ").append(command).append(" call --plugin <name>=<json> [call options]\n")
        .append("       ").append(command).append(" --help | --version\n\n")
        .append("Runs an Apache APISIX plugin runner on a Unix socket. selftest starts it on a\n")
        .append("temporary socket, makes one call and stops; run it with\n")
        .append("-XX:ArchiveClassesAtExit=<file> to write a class archive for faster starts.\n")
        .append("call sends one request to a running runner as APISIX would and prints the\n")
        .append("answer; call --help lists its options.\n\n")
        .append("Every option can also be set by the environment variable shown.\n\n");
    for (Option option : OPTIONS) {
      out.append(String.format(Locale.ROOT, "  --%-20s env %s%n", option.name() + " <value>", option.env()))
          .append(String.format(Locale.ROOT, "      %s; default: %s%n", option.help(), option.defaultValue()));
    }
    return out.toString();
  }

  /** The TTL of prepared chains: 1.2 times APISIX's token cache time. */
  public long chainTtlNanos() {
    return confExpireSeconds * 1_200_000_000L;
  }

  private static @Nullable Option option(String name) {
    for (Option option : OPTIONS) {
      if (option.name().equals(name)) {
        return option;
      }
    }
    return null;
  }

  private static String source(String name) {
    Option option = Objects.requireNonNull(option(name));
    return "--" + option.name() + " (" + option.env() + ")";
  }

  private static String orDefault(
      Function<String, @Nullable String> lookup, String name, String fallback) {
    String value = lookup.apply(name);
    return value == null ? fallback : value;
  }

  /** The socket a runner listens on by default here: APISIX_LISTEN_ADDRESS, else the default. */
  static Path defaultSocket(Function<String, @Nullable String> env) {
    String address = env.apply(OPTIONS.get(0).env());
    return socketPath(address == null ? DEFAULT_LISTEN : address);
  }

  static Path socketPath(String address) {
    if (!address.startsWith("unix:")) {
      throw new StartupException(
          source("listen") + " must look like unix:/path/to/runner.sock (a6 listens on Unix"
              + " sockets only), got \"" + address + "\"");
    }
    String file = address.substring("unix:".length());
    if (file.isEmpty()) {
      throw new StartupException(source("listen") + " names no file after \"unix:\"");
    }
    Path path = Path.of(file).toAbsolutePath().normalize();
    int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      throw new StartupException(
          source("listen") + ": the socket path is " + bytes + " bytes long; Unix sockets allow"
              + " at most " + MAX_SOCKET_PATH_BYTES + ": choose a shorter path");
    }
    return path;
  }

  private static int socketMode(String text) {
    String digits = text.startsWith("0o") ? text.substring(2) : text;
    try {
      int mode = Integer.parseInt(digits, 8);
      if (mode >= 0 && mode <= 0777 && !digits.isEmpty() && digits.length() <= 4) {
        return mode;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StartupException(
        source("socket-mode") + " must be octal permissions such as 0766 or 0760, got \""
            + text + "\"");
  }

  private static long positive(
      Function<String, @Nullable String> lookup, String name, long fallback, long max, String what) {
    String text = lookup.apply(name);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value > 0 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StartupException(
        source(name) + " must be " + what + " from 1 to " + max + ", got \"" + text + "\"");
  }

  private static <E extends Enum<E>> E choice(
      Function<String, @Nullable String> lookup, String name, E[] constants, E fallback) {
    String text = lookup.apply(name);
    if (text == null) {
      return fallback;
    }
    List<String> accepted = new ArrayList<>();
    for (E constant : constants) {
      if (constant.name().equalsIgnoreCase(text.trim())) {
        return constant;
      }
      accepted.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new StartupException(
        source(name) + " must be one of " + String.join(", ", accepted) + ", got \"" + text
            + "\"");
  }

  private static @Nullable String logLevel(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String level = text.trim().toLowerCase(Locale.ROOT);
    if (!List.of("trace", "debug", "info", "warn", "error", "off").contains(level)) {
      throw new StartupException(
          source("log-level") + " must be trace, debug, info, warn, error or off, got \"" + text
              + "\"");
    }
    return level;
  }
}
