package dev.a6.internal.call;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.conf.ConfCache;
import dev.a6.internal.conf.TokenSource;
import dev.a6.internal.transport.FrameDecoder;
import dev.a6.internal.wire.Wire;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Any bytes on a runner connection: the frame decoder, the verified FlatBuffers reading and the
 * call handling must answer with well-formed frames (an Err at worst) or close the connection,
 * never let an exception escape, leak a buffer or read outside the frame.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/dev/a6/internal/call/
 * WireFuzzTestInputs/anyBytes}; {@code JAZZER_FUZZ=1} fuzzes (see docs/testing.md).
 */
class WireFuzzTest {
  /** A fixed clock: the first token is always {@link #FIRST_TOKEN}, so seeds can name it. */
  private static final long MILLIS = 1_000_000L;

  static final long FIRST_TOKEN = MILLIS & 0xFFFF_FFFFL;

  /** Filters that read every part of a call, so that lazy decoding runs too. */
  private static final FilterBinding<?>[] FILTERS = {
    TestBindings.request(
        "read",
        FetchPlan.of(true, false, "remote_addr"),
        false,
        (conf, request, response, context) -> {
          request.sourceIp();
          request.method();
          String path = request.path();
          for (String name : request.headerNames()) {
            request.headers(name);
          }
          for (String name : request.argNames()) {
            request.args(name);
            request.hasFlag(name);
          }
          request.var("remote_addr");
          request.body();
          request.setHeader("x-path-length", Integer.toString(path.length()));
          return request.fetchVar("uri").thenAccept(uri -> response.setHeader("x-seen", "1"));
        }),
    TestBindings.request(
        "stop",
        (conf, request, response, context) -> {
          response.stop(201, conf);
          return DONE;
        }),
    TestBindings.response(
        "upstream",
        FetchPlan.of(false, true),
        (conf, response, context) -> {
          for (String name : response.headerNames()) {
            response.headers(name);
          }
          response.body();
          response.setHeader("x-fuzz", "1");
          return DONE;
        })
  };

  @FuzzTest(maxDuration = "10m")
  void anyBytes(byte[] input) {
    ConfCache confs =
        new ConfCache(
            TestBindings.registry(FILTERS),
            TimeUnit.HOURS.toNanos(1),
            System::nanoTime,
            new TokenSource(() -> MILLIS));
    RunnerServices services =
        new RunnerServices(
            confs,
            new BlockingPool(Runnable::run, 64),
            LoopContext::new,
            new RateLimitedLog(Long.MAX_VALUE, System::nanoTime),
            System::nanoTime);
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(), new Connection(services));
    try {
      // In pieces, as a socket delivers them: frames split across reads.
      int piece = input.length == 0 ? 1 : 1 + (input[0] & 0x3F);
      for (int at = 0; at < input.length && channel.isOpen(); at += piece) {
        channel.writeInbound(
            Unpooled.wrappedBuffer(input, at, Math.min(piece, input.length - at)));
        channel.runPendingTasks();
        channel.checkException();
      }
      channel.runPendingTasks();
      channel.checkException();
      for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
        try {
          assertWellFormed(out);
        } finally {
          out.release();
        }
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static void assertWellFormed(ByteBuf frame) {
    assertThat(frame.readableBytes()).isGreaterThan(Wire.HEADER_LENGTH);
    int type = frame.getUnsignedByte(0);
    assertThat(type).isIn(Set.of(0, 1, 2, 3, 4));
    assertThat(frame.getUnsignedMedium(1)).isEqualTo(frame.readableBytes() - Wire.HEADER_LENGTH);
  }

  /** Writes the seed corpus: {@code java ... WireFuzzTest <corpus folder>}. */
  public static void main(String[] args) throws IOException {
    Path folder = Files.createDirectories(Path.of(args[0]));
    ByteBuffer prepare =
        ApisixCodec.prepareConf(
            "route#1#ext-plugin-pre-req#1", List.of(new Entry("read", ""), new Entry("stop", "x")));
    ByteBuffer call =
        ApisixCodec.requestCall(
            7,
            FIRST_TOKEN,
            new byte[] {127, 0, 0, 1},
            "POST",
            "/a/b",
            List.of(new Entry("q", "1"), new Entry("flag", null)),
            List.of(new Entry("host", "h"), new Entry("x-a", "1"), new Entry("x-a", "2")));
    ByteBuffer answer = ApisixCodec.extraInfoAnswer("10.0.0.1".getBytes());
    ByteBuffer emptyAnswer = ApisixCodec.extraInfoAnswer(null);
    write(folder.resolve("prepare-and-call"), frame(1, prepare), frame(2, call), frame(3, answer),
        frame(3, emptyAnswer), frame(3, answer));
    ByteBuffer prepareResponse =
        ApisixCodec.prepareConf(null, List.of(new Entry("upstream", "")));
    ByteBuffer responseCall =
        ApisixCodec.responseCall(
            9,
            FIRST_TOKEN,
            200,
            List.of(new Entry("Content-Type", "text/plain"), new Entry("Set-Cookie", "a=1")));
    write(folder.resolve("response-phase"), frame(1, prepareResponse), frame(4, responseCall),
        frame(3, answer));
    write(folder.resolve("unknown-token"), frame(2, call));
    write(folder.resolve("garbage"), new byte[] {1, 0, 0, 3, 0, 0, 0}, new byte[] {9, 0, 0, 1, 0});
  }

  private static byte[] frame(int type, ByteBuffer payload) {
    byte[] frame = new byte[Wire.HEADER_LENGTH + payload.remaining()];
    frame[0] = (byte) type;
    frame[1] = (byte) (payload.remaining() >>> 16);
    frame[2] = (byte) (payload.remaining() >>> 8);
    frame[3] = (byte) payload.remaining();
    payload.duplicate().get(frame, Wire.HEADER_LENGTH, payload.remaining());
    return frame;
  }

  private static void write(Path file, byte[]... frames) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      out.write(frame);
    }
    Files.write(file, out.toByteArray());
  }
}
