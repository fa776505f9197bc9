package dev.a6.internal.call;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.internal.wire.ReplyBuilder;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.internal.wire.extrainfo.ReqBody;
import dev.a6.internal.wire.extrainfo.RespBody;
import dev.a6.internal.wire.extrainfo.Var;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frames from the runner to APISIX on one connection; written on the event loop only. */
final class Outbound {
  /**
   * How a line about an Err that ends a call goes on: what APISIX does with it, so that an
   * operator who sees the 503 finds its cause.
   */
  static final String APISIX_503 =
      " (APISIX answers the request with 503, or passes it on if allow_degradation is on)";

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private final RunnerEvents events;
  private @Nullable ChannelHandlerContext ctx;
  private String name = "connection";

  Outbound(RunnerEvents events) {
    this.events = events;
  }

  void attach(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.name = "connection " + ctx.channel().id().asShortText();
  }

  /** How log lines name this connection. */
  String name() {
    return name;
  }

  /** An Err with this code, flushed. */
  void error(int code) {
    events.errorReplied(code);
    send(Wire.ERROR, errorReply(code));
    flush();
  }

  /** An ExtraInfo request; not flushed, so that a prefetch goes out in one write. */
  void extraInfo(int infoType, @Nullable String var) {
    events.extraInfoAsked(infoType);
    ReplyBuilder out = ReplyBuilder.get();
    FlatBufferBuilder fb = out.fb();
    int info;
    switch (infoType) {
      case Info.Var -> info = Var.createVar(fb, fb.createString(Objects.requireNonNull(var)));
      case Info.ReqBody -> {
        ReqBody.startReqBody(fb);
        info = ReqBody.endReqBody(fb);
      }
      default -> {
        RespBody.startRespBody(fb);
        info = RespBody.endRespBody(fb);
      }
    }
    fb.finish(dev.a6.internal.wire.extrainfo.Req.createReq(fb, (byte) infoType, info));
    send(Wire.EXTRA_INFO, out);
  }

  /**
   * Writes one frame, not flushed. A payload over the protocol's limit would corrupt the stream
   * (its length does not fit the header), so it is replaced by an Err.
   */
  void send(int type, ReplyBuilder out) {
    ByteBuffer data = out.fb().dataBuffer();
    int length = data.remaining();
    if (length > Wire.MAX_PAYLOAD) {
      log.error(
          "{}: the {} reply is {} bytes, over the protocol's limit of {}; answered"
              + " SERVICE_UNAVAILABLE instead{}",
          name,
          Wire.typeName(type),
          length,
          Wire.MAX_PAYLOAD,
          APISIX_503);
      events.errorReplied(Code.SERVICE_UNAVAILABLE);
      send(Wire.ERROR, errorReply(Code.SERVICE_UNAVAILABLE));
      return;
    }
    ChannelHandlerContext ctx = ctx();
    ByteBuf frame = ctx.alloc().ioBuffer(Wire.HEADER_LENGTH + length);
    frame.writeByte(type);
    frame.writeMedium(length);
    frame.writeBytes(data.array(), data.arrayOffset() + data.position(), length);
    ctx.write(frame, ctx.voidPromise());
  }

  void flush() {
    ctx().flush();
  }

  void close() {
    ctx().close();
  }

  private static ReplyBuilder errorReply(int code) {
    ReplyBuilder out = ReplyBuilder.get();
    FlatBufferBuilder fb = out.fb();
    fb.finish(dev.a6.internal.wire.err.Resp.createResp(fb, (byte) code));
    return out;
  }

  private ChannelHandlerContext ctx() {
    return Objects.requireNonNull(ctx, "handler not added");
  }
}
