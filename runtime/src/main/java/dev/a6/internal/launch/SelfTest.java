package dev.a6.internal.launch;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixConnection;
import dev.a6.internal.transport.EarlySocket;
import dev.a6.internal.transport.Server;
import dev.a6.internal.wire.Wire;
import dev.a6.ConfException;
import dev.a6.spi.ConfReader;
import dev.a6.spi.FilterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code selftest}: starts the runner on a temporary socket, makes one call to it as APISIX
 * would, and stops it. Checks an installation (the JDK, the native transport, the socket
 * directory), and loads every class of the startup and call path, so that {@code
 * -XX:ArchiveClassesAtExit=runner.jsa} writes a complete class archive for faster starts.
 */
final class SelfTest {
  private SelfTest() {}

  static int run(
      FilterRegistry registry,
      List<String> options,
      Function<String, @Nullable String> env,
      PrintStream out,
      PrintStream err) {
    Path directory;
    try {
      directory = Files.createTempDirectory("a6-selftest");
    } catch (IOException e) {
      err.println("a6: selftest cannot create a temporary directory: " + e);
      return 1;
    }
    Path socket = directory.resolve("runner.sock");
    List<String> withSocket = new ArrayList<>(options);
    withSocket.add("--listen");
    withSocket.add("unix:" + socket);
    withSocket.add("--exit-with-parent");
    withSocket.add("never");
    RunnerConfig config;
    try {
      config = RunnerConfig.parse(withSocket, env);
    } catch (StartupException e) {
      err.println("a6: " + e.getMessage());
      return Launcher.USAGE_ERROR;
    }
    Launcher.applySettings(config);
    long start = System.nanoTime();
    readConfs();
    Server server;
    try {
      // Bound as `run` binds it, so that a class archive holds that path too.
      server = Server.start(config, registry, List.of(), EarlySocket.bind(config));
    } catch (StartupException e) {
      err.println("a6: selftest: " + e.getMessage());
      return 1;
    }
    try (ApisixConnection channel = ApisixConnection.open(socket)) {
      channel.send(Wire.PREPARE_CONF, ApisixCodec.prepareConf("selftest", List.of()));
      long token = ApisixCodec.confToken(receive(channel, Wire.PREPARE_CONF));
      channel.send(
          Wire.HTTP_REQ_CALL,
          ApisixCodec.requestCall(
              1, token, new byte[] {127, 0, 0, 1}, "GET", "/", List.of(), List.of()));
      ApisixCodec.requestReply(receive(channel, Wire.HTTP_REQ_CALL));
      out.println(
          "selftest passed: a6 runner "
              + Launcher.version()
              + ", transport "
              + server.transport()
              + ", "
              + registry.filters().size()
              + (registry.filters().size() == 1 ? " plugin" : " plugins")
              + ", started and answered a call in "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
              + " ms");
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("a6: selftest failed: " + e);
      return 1;
    } finally {
      server.stop();
      try {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(directory);
      } catch (IOException e) {
        err.println("a6: selftest could not remove " + directory + ": " + e);
      }
    }
  }

  /**
   * Reads a conf with every kind of JSON value, and one that is not JSON, as the plugins' conf
   * parsers do: the call below prepares an empty chain, and without this the archive would miss
   * the JSON parser, which APISIX's first PrepareConf then loads from the jar.
   */
  private static void readConfs() {
    try (ConfReader in =
        ConfReader.of("{\"s\":\"x\",\"i\":1,\"d\":1.5,\"b\":true,\"z\":null,\"a\":[1],\"o\":{}}")) {
      in.beginObject();
      while (in.nextKey() != null) {
        in.skipValue();
      }
      in.end();
    }
    try (ConfReader in = ConfReader.of("{")) {
      in.beginObject();
      in.nextKey();
    } catch (ConfException expected) {
      // The error path is part of what a bad conf runs.
    }
  }

  /** The payload of the next frame, which must be of the {@code expected} type. */
  private static ByteBuffer receive(ApisixConnection channel, int expected) throws IOException {
    ApisixConnection.Frame frame = channel.receive();
    if (frame.type() != expected) {
      throw new IOException(
          "expected " + Wire.typeName(expected) + ", got " + Wire.typeName(frame.type())
              + (frame.type() == Wire.ERROR ? " code " + ApisixCodec.errorCode(frame.payload()) : ""));
    }
    return frame.payload();
  }
}
