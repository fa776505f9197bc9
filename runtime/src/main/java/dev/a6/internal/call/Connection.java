package dev.a6.internal.call;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.internal.conf.PreparedChain;
import dev.a6.internal.wire.ProtocolException;
import dev.a6.internal.wire.ReplyBuilder;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.httpreqcall.Action;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One APISIX connection: a strict sequence of calls, each answered before the next arrives.
 *
 * <p>This class routes frames and ends calls; each step of a call has a class of its own:
 *
 * <ul>
 *   <li>{@link Call}: the state machine and what the call is made of, reused from call to call;
 *   <li>{@link ConfPreparation}: a PrepareConf, prepared and answered with its token;
 *   <li>{@link ExtraInfoExchange}: the ExtraInfo round trips, prefetched or on demand;
 *   <li>{@link ChainExecution}: the filters, on the event loop or the worker pool;
 *   <li>{@link Outbound}: the frames written back.
 * </ul>
 *
 * <p>Everything that touches the channel or the call's state runs on the event loop; filters on a
 * worker hand their results back to it.
 */
public final class Connection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private final RunnerServices services;
  private final Steps steps = new Steps();
  private final Outbound out;
  private final FrameBuffer frame = new FrameBuffer(4096);
  private final Call call = new Call(steps);
  private final ConfPreparation preparation;
  private final ExtraInfoExchange fetches;
  private final ChainExecution chain;
  private @Nullable EventExecutor loop;
  /** The runner is stopping: close as soon as no call is in progress. */
  private boolean draining;

  public Connection(RunnerServices services) {
    this.services = services;
    this.out = new Outbound(services.events);
    this.preparation = new ConfPreparation(services, call, out, frame);
    this.fetches = new ExtraInfoExchange(services, call, out, steps);
    this.chain = new ChainExecution(services, call, out, steps);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.loop = ctx.executor();
    out.attach(ctx);
    fetches.attach(ctx.executor());
    chain.attach(ctx.executor(), services.contexts.apply(ctx.executor()));
  }

  // ------------------------------------------------------------------------------ frames in

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      int type = in.getUnsignedByte(in.readerIndex());
      int length = in.readableBytes() - Wire.HEADER_LENGTH;
      route(type, in, in.readerIndex() + Wire.HEADER_LENGTH, length);
    } finally {
      in.release();
    }
  }

  private void route(int type, ByteBuf in, int offset, int length) {
    preparation.noteFrame(type);
    if (type == Wire.EXTRA_INFO) {
      fetches.onAnswer(in, offset, length);
      return;
    }
    if (call.state() != Call.State.IDLE) {
      // APISIX waits for each reply before it sends anything else: the stream is out of step.
      log.error(
          "{}: received {} while {} (id {}) was unanswered; APISIX never overlaps calls on a"
              + " connection, so closing it",
          out.name(),
          Wire.typeName(type),
          call.state() == Call.State.PREPARING
              ? "a PrepareConf"
              : Wire.typeName(call.message.type()),
          call.message.id());
      out.close();
      return;
    }
    if (length == 0) {
      services.logLimiter.warn(
          log,
          "empty " + Wire.typeName(type),
          out.name() + ": received " + Wire.typeName(type) + " with an empty payload;"
              + " answered BAD_REQUEST" + Outbound.APISIX_503);
      out.error(Code.BAD_REQUEST);
      return;
    }
    switch (type) {
      case Wire.PREPARE_CONF -> preparation.onPrepareConf(in, offset, length, loop());
      case Wire.HTTP_REQ_CALL, Wire.HTTP_RESP_CALL -> onCall(type, in, offset, length);
      default -> {
        services.logLimiter.warn(
            log,
            "type " + type,
            out.name() + ": received a frame of unknown type " + type + " (" + length
                + " bytes); answered BAD_REQUEST" + Outbound.APISIX_503);
        out.error(Code.BAD_REQUEST);
      }
    }
  }

  // ------------------------------------------------------------------------------ calls

  private void onCall(int type, ByteBuf in, int offset, int length) {
    byte[] bytes = frame.copy(in, offset, length);
    try {
      if (type == Wire.HTTP_REQ_CALL) {
        call.message.readRequestCall(bytes, length);
      } else {
        call.message.readResponseCall(bytes, length);
      }
    } catch (ProtocolException e) {
      services.logLimiter.warn(
          log,
          "malformed " + type,
          out.name() + ": " + e.getMessage() + "; answered BAD_REQUEST" + Outbound.APISIX_503);
      out.error(Code.BAD_REQUEST);
      return;
    }
    PreparedChain found = services.confs.lookup(call.message.token());
    if (found == null) {
      long suppressed = services.logLimiter.permit("token");
      if (suppressed >= 0) {
        log.info(
            "{}: conf token {} is unknown or expired; answered CONF_TOKEN_NOT_FOUND so that APISIX"
                + " prepares the conf again{}",
            out.name(),
            call.message.token(),
            RateLimitedLog.suppressedSuffix(suppressed));
      }
      out.error(Code.CONF_TOKEN_NOT_FOUND);
      return;
    }
    int current = call.begin(found, loop(), services.blockingPool, services.nanoClock.getAsLong());
    if (call.filters().length == 0) {
      reply(current);
    } else if (call.state() == Call.State.FETCHING) {
      fetches.requestPrefetch();
    } else {
      chain.start();
    }
  }

  /** The steps of a call that come back to the connection; kept off its public surface. */
  private final class Steps
      implements Fetcher, ChainExecution.Ending, ExtraInfoExchange.Continuation {
    @Override
    public CompletionStage<byte @Nullable []> fetch(int infoType, @Nullable String var) {
      return fetches.fetch(infoType, var);
    }

    @Override
    public void prefetched() {
      call.fetched();
      chain.start();
    }

    @Override
    public void reply(int current) {
      Connection.this.reply(current);
    }

    @Override
    public void fail(int current, int code) {
      Connection.this.fail(current, code);
    }
  }

  // ------------------------------------------------------------------------------ replies

  private void reply(int current) {
    if (!call.isCurrent(current)) {
      return;
    }
    ReplyBuilder reply = ReplyBuilder.get();
    int type = call.message.type();
    byte action;
    try {
      action = encodeReply(type, reply, reply.fb());
    } catch (ProtocolException malformed) {
      // Encoding compares with the received headers, which may be read here for the first time.
      services.logLimiter.warn(
          log,
          "malformed " + type,
          out.name() + ": " + malformed.getMessage() + "; answered BAD_REQUEST"
              + Outbound.APISIX_503);
      logRpc("Err BAD_REQUEST");
      out.error(Code.BAD_REQUEST);
      endCall();
      return;
    }
    out.send(type, reply);
    out.flush();
    if (services.rpcLog != null) {
      logRpc(outcome(type, action));
    }
    endCall();
  }

  /** What the reply did, for the RPC log. */
  private String outcome(int type, byte action) {
    if (type != Wire.HTTP_REQ_CALL) {
      return "response status " + call.upstream.status();
    }
    return switch (action) {
      case Action.Stop -> "stop " + call.response.status();
      case Action.Rewrite -> "rewrite";
      default -> "pass, unchanged";
    };
  }

  private void logRpc(String outcome) {
    RpcLog rpcLog = services.rpcLog;
    if (rpcLog != null) {
      rpcLog.answered(
          out.name(), call, outcome, services.nanoClock.getAsLong() - call.startNanos());
    }
  }

  /** Encodes the reply of the current call; returns its action (request phase). */
  private byte encodeReply(int type, ReplyBuilder reply, FlatBufferBuilder fb) {
    if (type == Wire.HTTP_REQ_CALL) {
      int action = 0;
      byte actionType = Action.NONE;
      if (call.response.isStopped()) {
        action = call.response.encodeStop(reply);
        actionType = Action.Stop;
      } else {
        action = call.request.encodeRewrite(reply, call.response);
        if (action != 0) {
          actionType = Action.Rewrite;
        }
      }
      fb.finish(
          dev.a6.internal.wire.httpreqcall.Resp.createResp(
              fb, call.message.id(), actionType, action));
      return actionType;
    }
    fb.finish(call.upstream.encodeResponse(reply));
    return Action.NONE;
  }

  private void fail(int current, int code) {
    if (!call.isCurrent(current)) {
      return;
    }
    if (services.rpcLog != null && call.state() != Call.State.PREPARING) {
      logRpc("Err " + Code.names[code]);
    }
    out.error(code);
    endCall();
  }

  private void endCall() {
    if (log.isDebugEnabled()) {
      log.debug(
          "{}: {} id {} answered in {} µs",
          out.name(),
          Wire.typeName(call.message.type()),
          call.message.id(),
          TimeUnit.NANOSECONDS.toMicros(services.nanoClock.getAsLong() - call.startNanos()));
    }
    call.end();
    frame.shrink();
    if (draining) {
      out.close();
    }
  }

  // ------------------------------------------------------------------------------ lifecycle

  /**
   * Closes the connection once no call is in progress, now or after the reply to the current (or
   * the coming) call; on the event loop. APISIX reads the reply and the connection's end together, so it does not
   * put the connection back in its pool, and its next request opens a new connection (to the
   * runner that now has the socket, in a restart). Closing in the middle of a call, or between
   * a reply and APISIX's next request on the connection, would fail that request with a 503.
   */
  public void drain() {
    draining = true;
    // Idle, unless a PrepareConf was just answered: APISIX sends its call on this connection.
    if (call.state() == Call.State.IDLE && !preparation.answeredLast()) {
      out.close();
    }
  }

  /** Whether a call is between its request and its reply; safe from any thread. */
  public boolean isBusy() {
    return call.isBusy();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Call.State state = call.state();
    long elapsedMillis =
        TimeUnit.NANOSECONDS.toMillis(services.nanoClock.getAsLong() - call.startNanos());
    if (state == Call.State.PREPARING) {
      log.warn(
          "{}: APISIX closed the connection after {} ms while a PrepareConf was being prepared;"
              + " the chain stays cached for its next PrepareConf",
          out.name(),
          elapsedMillis);
    } else if (state != Call.State.IDLE) {
      // APISIX's own timeouts and reloads close many connections at once: one line per interval.
      long suppressed = services.logLimiter.permit("closed during a call");
      if (suppressed >= 0) {
        log.warn(
            "{}: APISIX closed the connection during {} (id {}, token {}) after {} ms; the reply is"
                + " dropped (APISIX answers that request itself, 503 unless degradation is"
                + " allowed){}",
            out.name(),
            Wire.typeName(call.message.type()),
            call.message.id(),
            call.message.token(),
            elapsedMillis,
            RateLimitedLog.suppressedSuffix(suppressed));
      }
    }
    call.close();
    fetches.closed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      // APISIX closes connections at will (timeouts, errors); a write may then find no reader.
      log.debug("{}: {}", out.name(), cause.toString());
    } else {
      log.warn("{}: closing after an unexpected error", out.name(), cause);
    }
    out.close();
  }

  private EventExecutor loop() {
    return Objects.requireNonNull(loop, "handler not added");
  }
}
