package dev.a6.internal;

import dev.a6.bench.Workload;
import dev.a6.internal.ApisixCodec.Entry;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.spi.FilterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one call of the benchmark workload through a6 in memory and keeps the reply frame, byte
 * for byte: what the raw-reply server sends for every call, so that the floor moves the same
 * bytes as the runner it is compared with. In this package to reach the runner's handler.
 */
public final class ReplyCapture {
  private ReplyCapture() {}

  /** The reply frame (header included) to the workload's call for {@code chain}. */
  public static byte[] reply(FilterRegistry registry, List<Entry> chain, boolean responsePhase) {
    EmbeddedChannel channel = runnerChannel(registry);
    try {
      write(channel, Wire.PREPARE_CONF, ApisixCodec.prepareConf(Workload.CONF_KEY, chain));
      long token = ApisixCodec.confToken(payload(read(channel)));
      write(
          channel,
          responsePhase ? Wire.HTTP_RESP_CALL : Wire.HTTP_REQ_CALL,
          responsePhase ? Workload.responseCall(1, token) : Workload.requestCall(1, token));
      while (true) {
        byte[] frame = read(channel);
        if (frame[0] != Wire.EXTRA_INFO) {
          return frame;
        }
        var request = ApisixCodec.extraInfoRequest(payload(frame));
        byte[] result =
            switch (request.infoType()) {
              case Info.Var -> Workload.varValue(request.var());
              case Info.ReqBody -> Workload.REQUEST_BODY;
              default -> Workload.RESPONSE_BODY;
            };
        write(channel, Wire.EXTRA_INFO, ApisixCodec.extraInfoAnswer(result));
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /**
   * A channel with the runner's own pipeline, as one connection of a runner serving {@code
   * registry}: blocking chains run in place, tokens live an hour.
   */
  static EmbeddedChannel runnerChannel(FilterRegistry registry) {
    ConfCache confs =
        new ConfCache(
            registry,
            TimeUnit.HOURS.toNanos(1),
            System::nanoTime,
            new TokenSource(System::currentTimeMillis));
    RunnerServices services =
        new RunnerServices(
            confs,
            new BlockingPool(Runnable::run, 64),
            LoopContext::new,
            new RateLimitedLog(TimeUnit.SECONDS.toNanos(10), System::nanoTime),
            System::nanoTime);
    return new EmbeddedChannel(new FrameDecoder(), new Connection(services));
  }

  private static void write(EmbeddedChannel channel, int type, ByteBuffer payload) {
    ByteBuf frame = Unpooled.buffer();
    frame.writeByte(type).writeMedium(payload.remaining()).writeBytes(payload.duplicate());
    channel.writeInbound(frame);
  }

  private static byte[] read(EmbeddedChannel channel) {
    channel.runPendingTasks();
    channel.runScheduledPendingTasks();
    ByteBuf out = channel.readOutbound();
    if (out == null) {
      throw new IllegalStateException("the chain did not answer at once; use one without delays");
    }
    try {
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      return bytes;
    } finally {
      out.release();
    }
  }

  private static ByteBuffer payload(byte[] frame) {
    return ByteBuffer.wrap(frame, 4, frame.length - 4).slice();
  }
}
