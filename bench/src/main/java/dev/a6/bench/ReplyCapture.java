package dev.a6.bench;

import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.EmbeddedRunner;
import dev.a6.spi.FilterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Runs one call of the benchmark workload through a6 in memory and keeps the reply frame, byte
 * for byte: what the raw-reply server sends for every call, so that the floor moves the same
 * bytes as the runner it is compared with.
 */
final class ReplyCapture {
  private ReplyCapture() {}

  /** The reply frame (header included) to the workload's call for {@code chain}. */
  static byte[] reply(FilterRegistry registry, List<Entry> chain, boolean responsePhase) {
    EmbeddedChannel channel = EmbeddedRunner.connection(registry);
    try {
      write(channel, ApisixCodec.PREPARE_CONF, ApisixCodec.prepareConf(Workload.CONF_KEY, chain));
      long token = ApisixCodec.confToken(payload(read(channel)));
      write(
          channel,
          responsePhase ? ApisixCodec.HTTP_RESP_CALL : ApisixCodec.HTTP_REQ_CALL,
          responsePhase ? Workload.responseCall(1, token) : Workload.requestCall(1, token));
      while (true) {
        byte[] frame = read(channel);
        if (frame[0] != ApisixCodec.EXTRA_INFO) {
          return frame;
        }
        var request = ApisixCodec.extraInfoRequest(payload(frame));
        byte[] result =
            switch (request.infoType()) {
              case ApisixCodec.INFO_VAR -> Workload.varValue(request.var());
              case ApisixCodec.INFO_REQUEST_BODY -> Workload.REQUEST_BODY;
              default -> Workload.RESPONSE_BODY;
            };
        write(channel, ApisixCodec.EXTRA_INFO, ApisixCodec.extraInfoAnswer(result));
      }
    } finally {
      channel.finishAndReleaseAll();
    }
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
