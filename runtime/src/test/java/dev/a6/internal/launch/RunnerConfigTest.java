package dev.a6.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.launch.RunnerConfig.ParentMode;
import dev.a6.internal.launch.RunnerConfig.Transport;
import dev.a6.spi.FilterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {

  private static RunnerConfig parse(Map<String, String> env, String... args) {
    return RunnerConfig.parse(List.of(args), env::get);
  }

  @Test
  void defaultsMatchWhatApisixExpects() {
    RunnerConfig config = parse(Map.of());
    assertThat(config.socket()).isEqualTo(Path.of("/tmp/runner.sock"));
    assertThat(config.socketMode()).isEqualTo(0766);
    assertThat(config.confExpireSeconds()).isEqualTo(3600);
    assertThat(config.chainTtlNanos()).isEqualTo(4320_000_000_000L);
    assertThat(config.transport()).isEqualTo(Transport.AUTO);
    assertThat(config.exitWithParent()).isEqualTo(ParentMode.AUTO);
    assertThat(config.logLevel()).isNull();
  }

  @Test
  void logRpcIsOffUnlessAskedAndTakesItsValueOnlyWhenGiven() {
    assertThat(parse(Map.of()).logRpc()).isEqualTo(RunnerConfig.RpcLogging.OFF);
    assertThat(parse(Map.of(), "--log-rpc").logRpc()).isEqualTo(RunnerConfig.RpcLogging.REDACTED);
    RunnerConfig beforeAnother = parse(Map.of(), "--log-rpc", "--listen", "unix:/tmp/x.sock");
    assertThat(beforeAnother.logRpc()).isEqualTo(RunnerConfig.RpcLogging.REDACTED);
    assertThat(beforeAnother.socket()).isEqualTo(Path.of("/tmp/x.sock"));
    assertThat(parse(Map.of(), "--log-rpc=unredacted").logRpc())
        .isEqualTo(RunnerConfig.RpcLogging.UNREDACTED);
    assertThat(parse(Map.of("A6_LOG_RPC", "redacted")).logRpc())
        .isEqualTo(RunnerConfig.RpcLogging.REDACTED);
    assertThatThrownBy(() -> parse(Map.of(), "--log-rpc=all"))
        .hasMessageContaining("--log-rpc (A6_LOG_RPC) must be one of off, redacted, unredacted");
  }

  @Test
  void metricsAreOffUnlessGivenAnAddress() {
    assertThat(parse(Map.of()).metricsListen()).isNull();
    assertThat(parse(Map.of(), "--metrics-listen", "off").metricsListen()).isNull();
    assertThat(parse(Map.of(), "--metrics-listen", "127.0.0.1:9091").metricsListen())
        .isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9091));
    assertThat(parse(Map.of(), "--metrics-listen=[::1]:9091").metricsListen())
        .isEqualTo(InetSocketAddress.createUnresolved("::1", 9091));
    assertThat(parse(Map.of("A6_METRICS_LISTEN", "9091")).metricsListen())
        .isEqualTo(InetSocketAddress.createUnresolved("0.0.0.0", 9091));
    assertThat(parse(Map.of(), "--metrics-listen", ":9091").metricsListen())
        .isEqualTo(InetSocketAddress.createUnresolved("0.0.0.0", 9091));
    assertThat(parse(Map.of(), "--metrics-listen", "localhost:0").metricsListen())
        .isEqualTo(InetSocketAddress.createUnresolved("localhost", 0));
    for (String bad : List.of("localhost", "1.2.3.4:70000", "::1:9091", "host:-1", "a b:1")) {
      assertThatThrownBy(() -> parse(Map.of(), "--metrics-listen", bad))
          .as(bad)
          .hasMessageContaining("--metrics-listen (A6_METRICS_LISTEN) \"" + bad + "\"")
          .hasMessageContaining("give HOST:PORT such as 127.0.0.1:9091");
    }
  }

  @Test
  void environmentThenCommandLine() {
    Map<String, String> env =
        Map.of(
            "APISIX_LISTEN_ADDRESS", "unix:/run/apisix/runner.sock",
            "APISIX_CONF_EXPIRE_TIME", "12",
            "A6_SOCKET_MODE", "0760",
            "A6_TRANSPORT", "nio");
    RunnerConfig fromEnv = parse(env);
    assertThat(fromEnv.socket()).isEqualTo(Path.of("/run/apisix/runner.sock"));
    assertThat(fromEnv.confExpireSeconds()).isEqualTo(12);
    assertThat(fromEnv.socketMode()).isEqualTo(0760);
    assertThat(fromEnv.transport()).isEqualTo(Transport.NIO);

    RunnerConfig overridden =
        parse(env, "--socket-mode", "700", "--transport=epoll", "--log-level", "DEBUG",
            "--exit-with-parent", "never", "--blocking-threads", "8");
    assertThat(overridden.socketMode()).isEqualTo(0700);
    assertThat(overridden.transport()).isEqualTo(Transport.EPOLL);
    assertThat(overridden.logLevel()).isEqualTo("debug");
    assertThat(overridden.exitWithParent()).isEqualTo(ParentMode.NEVER);
    assertThat(overridden.blockingThreads()).isEqualTo(8);
    assertThat(overridden.confExpireSeconds()).isEqualTo(12);
  }

  @Test
  void invalidValuesSayWhatWasExpected() {
    assertThatThrownBy(() -> parse(Map.of("APISIX_CONF_EXPIRE_TIME", "1a")))
        .isInstanceOf(StartupException.class)
        .hasMessage(
            "--conf-expire-time (APISIX_CONF_EXPIRE_TIME) must be a whole number of seconds from 1"
                + " to 315360000, got \"1a\"");
    assertThatThrownBy(() -> parse(Map.of("APISIX_LISTEN_ADDRESS", "tcp://127.0.0.1:9000")))
        .hasMessageContaining("must look like unix:/path/to/runner.sock");
    assertThatThrownBy(() -> parse(Map.of("APISIX_LISTEN_ADDRESS", "unix:")))
        .hasMessageContaining("names no file");
    assertThatThrownBy(
            () -> parse(Map.of("APISIX_LISTEN_ADDRESS", "unix:/tmp/" + "x".repeat(120))))
        .hasMessageContaining("at most 107");
    assertThatThrownBy(() -> parse(Map.of("A6_SOCKET_MODE", "rw-rw-rw-")))
        .hasMessageContaining("octal permissions such as 0766");
    assertThatThrownBy(() -> parse(Map.of("A6_SOCKET_MODE", "1777")))
        .hasMessageContaining("octal permissions");
    assertThatThrownBy(() -> parse(Map.of(), "--transport", "kqueue"))
        .hasMessageContaining("must be one of auto, epoll, nio");
    assertThatThrownBy(() -> parse(Map.of(), "--frobnicate", "1"))
        .hasMessage("unknown option --frobnicate; see --help");
    assertThatThrownBy(() -> parse(Map.of(), "--listen")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> parse(Map.of(), "--io-threads", "0")).hasMessageContaining("from 1");
  }

  @Test
  void helpAndVersionAndBadSettingsFromTheCommandLine() {
    assertThat(launch(Map.of(), "--help")).startsWith("0:Usage: ").contains("APISIX_LISTEN_ADDRESS");
    // The version comes from the build: a resource beside Launcher, filtered by Maven.
    assertThat(launch(Map.of(), "--version")).matches("(?s)0:a6 runner \\d+\\.\\d+\\.\\d+.*");
    assertThat(launch(Map.of("APISIX_CONF_EXPIRE_TIME", "soon")))
        .startsWith("2:")
        .contains("a6: --conf-expire-time (APISIX_CONF_EXPIRE_TIME) must be");
    assertThat(launch(Map.of(), "jump")).startsWith("2:a6: unknown command \"jump\"");
    assertThat(launch(Map.of(), "selftest", "--log-level", "warn"))
        .startsWith("0:selftest passed: a6 runner ")
        .contains("started and answered a call in");
    assertThat(launch(Map.of(), "selftest", "--socket-mode", "abc"))
        .startsWith("2:a6: --socket-mode (A6_SOCKET_MODE) must be octal");
  }

  @Test
  void anUnwritableLogFileIsAStartupError() {
    assertThat(launch(Map.of(), "--log-file", "/nonexistent-dir/runner.log"))
        .startsWith(
            "2:a6: --log-file (A6_LOG_FILE) /nonexistent-dir/runner.log cannot be written:")
        .contains("choose a writable file");
  }

  @Test
  void pluginsThatCannotBeCreatedAreOneLineAndStatusTwo() {
    Supplier<FilterRegistry> broken =
        () -> {
          throw new IllegalStateException("no database configured");
        };
    assertThat(launch(broken, "--version")).startsWith("0:a6 runner ");
    assertThat(launch(broken, "--help")).startsWith("0:Usage: ");
    for (String[] args : new String[][] {{}, {"selftest"}}) {
      String output = launch(broken, args);
      assertThat(output)
          .startsWith(
              "2:a6: cannot create the plugins: a filter class's constructor or static"
                  + " initializer failed: java.lang.IllegalStateException: no database configured"
                  + " at dev.a6.internal.launch.RunnerConfigTest")
          .hasLineCount(1);
    }
  }

  private static String launch(Supplier<FilterRegistry> plugins, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status = Launcher.run(plugins, args, Map.<String, String>of()::get, print, print);
    return status + ":" + out.toString(StandardCharsets.UTF_8);
  }

  private static String launch(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status = Launcher.run(TestBindings.registry(), args, env::get, print, print);
    return status + ":" + out.toString(StandardCharsets.UTF_8);
  }
}
