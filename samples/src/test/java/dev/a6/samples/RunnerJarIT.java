package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged runner jar, started as APISIX starts it, answering over its socket. */
class RunnerJarIT {
  private static final Path JAR = Path.of("target", "a6-samples-runner.jar");

  @TempDir Path dir;
  private Process runner;

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.destroyForcibly();
    }
  }

  @Test
  void servesTheSamplesAndStopsCleanlyOnSigterm() throws Exception {
    assertThat(JAR).exists();
    Path socket = dir.resolve("runner.sock");
    Path log = dir.resolve("runner.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("APISIX_LISTEN_ADDRESS", "unix:" + socket);
    builder.environment().put("APISIX_CONF_EXPIRE_TIME", "3600");
    runner = builder.start();
    awaitListening(socket, log);
    assertThat(Files.readString(log))
        .contains("listening on unix:" + socket)
        .contains(
            "8 plugins: body-limit, fault-injection, key-auth, limit-req, request-body-rewrite,"
                + " response-rewrite, say, var-to-header");

    try (SocketChannel prepare = connect(socket);
        SocketChannel call = connect(socket)) {
      send(
          prepare,
          1,
          ApisixCodec.prepareConf(
              "route#1#ext-plugin-pre-req#1",
              List.of(
                  new Entry("key-auth", "{\"keys\": [\"k1\"]}"),
                  new Entry("say", "{\"body\": \"hello from a6\"}"))));
      long token = ApisixCodec.confToken(receive(prepare, 1));

      send(
          call,
          2,
          ApisixCodec.requestCall(
              9, token, new byte[] {127, 0, 0, 1}, "GET", "/hello", List.of(),
              List.of(new Entry("x-api-key", "k1"))));
      var stop = ApisixCodec.requestReply(receive(call, 2)).stop();
      assertThat(new String(stop.body(), StandardCharsets.UTF_8)).isEqualTo("hello from a6");
      assertThat(stop.headers()).contains(new Entry("x-resp-a6-runner", "Java"));

      send(
          call,
          2,
          ApisixCodec.requestCall(
              10, token, new byte[] {127, 0, 0, 1}, "GET", "/hello", List.of(), List.of()));
      assertThat(ApisixCodec.requestReply(receive(call, 2)).stop().status()).isEqualTo(401);
    }

    long signalled = System.nanoTime();
    runner.destroy();
    assertThat(runner.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled)).isLessThan(1000);
    assertThat(socket).doesNotExist();
  }

  private static void awaitListening(Path socket, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(socket) && Files.readString(log).contains("listening on")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the runner did not start:\n" + Files.readString(log));
  }

  private static SocketChannel connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return channel;
  }

  private static void send(SocketChannel channel, int type, ByteBuffer payload) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining());
    int length = payload.remaining();
    frame.put((byte) type).put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    frame.put(payload.duplicate()).flip();
    while (frame.hasRemaining()) {
      channel.write(frame);
    }
  }

  private static ByteBuffer receive(SocketChannel channel, int expectedType) throws IOException {
    ByteBuffer header = read(channel, 4);
    assertThat(header.get(0) & 0xFF).as("reply type").isEqualTo(expectedType);
    int length = (header.get(1) & 0xFF) << 16 | (header.get(2) & 0xFF) << 8 | header.get(3) & 0xFF;
    return read(channel, length);
  }

  private static ByteBuffer read(SocketChannel channel, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the runner closed the connection");
      }
    }
    return buffer.flip();
  }
}
