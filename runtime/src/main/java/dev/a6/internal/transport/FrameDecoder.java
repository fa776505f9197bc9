package dev.a6.internal.transport;

import dev.a6.internal.call.RateLimitedLog;
import dev.a6.internal.wire.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into frames: one type byte, a 3-byte big-endian payload length, the
 * payload. Emits whole frames, header included. Three bytes cannot state a payload over the
 * protocol's maximum, so every header is acceptable; a stream can only break by ending inside a
 * frame, which is logged.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
  private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);
  /** Shared by every connection: a reload of APISIX can cut many frames at once. */
  private static final RateLimitedLog LIMITED =
      new RateLimitedLog(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

  public FrameDecoder() {
    super(Wire.HEADER_LENGTH + Wire.MAX_PAYLOAD, 1, 3, 0, 0);
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    super.decodeLast(ctx, in, out);
    if (in.isReadable()) {
      int have = in.readableBytes();
      String what =
          have < Wire.HEADER_LENGTH
              ? have + " of the 4 header bytes"
              : (have - Wire.HEADER_LENGTH) + " of " + in.getUnsignedMedium(in.readerIndex() + 1)
                  + " payload bytes of a " + Wire.typeName(in.getUnsignedByte(in.readerIndex()))
                  + " frame";
      long suppressed = LIMITED.permit("closed mid-frame");
      if (suppressed >= 0) {
        log.warn(
            "connection {} closed in the middle of a frame ({} arrived); dropped it{}",
            ctx.channel().id().asShortText(),
            what,
            RateLimitedLog.suppressedSuffix(suppressed));
      }
      in.skipBytes(have);
    }
  }
}
