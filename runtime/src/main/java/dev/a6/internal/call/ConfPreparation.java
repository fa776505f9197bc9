package dev.a6.internal.call;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.ConfException;
import dev.a6.internal.call.RunnerEvents.ConfFailure;
import dev.a6.internal.conf.PreparedChain;
import dev.a6.internal.conf.UnknownPluginException;
import dev.a6.internal.wire.FlatReader;
import dev.a6.internal.wire.Messages;
import dev.a6.internal.wire.Messages.PrepareConf;
import dev.a6.internal.wire.ProtocolException;
import dev.a6.internal.wire.ReplyBuilder;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PrepareConf on one connection: decoded, its chain prepared (on the event loop, or on the
 * worker pool when a plugin of the chain may block) and answered with the chain's token.
 */
final class ConfPreparation {
  /** Connection's logger: operators configure and read one logger per connection. */
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private final RunnerServices services;
  private final Call call;
  private final Outbound out;
  private final FrameBuffer frame;
  private final FlatReader reader = new FlatReader();
  private long receivedNanos;
  /** Whether the last frame was a PrepareConf answered with a token, whose call is to follow. */
  private boolean answeredLast;

  ConfPreparation(RunnerServices services, Call call, Outbound out, FrameBuffer frame) {
    this.services = services;
    this.call = call;
    this.out = out;
    this.frame = frame;
  }

  void onPrepareConf(ByteBuf in, int offset, int length, Executor loop) {
    receivedNanos = services.nanoClock.getAsLong();
    reader.reset(frame.copy(in, offset, length), length, "PrepareConf");
    PrepareConf prepare;
    try {
      prepare = Messages.prepareConf(reader);
    } catch (ProtocolException e) {
      services.logLimiter.warn(
          log,
          "malformed PrepareConf",
          out.name() + ": " + e.getMessage() + "; answered BAD_REQUEST" + Outbound.APISIX_503);
      services.events.confFailed(ConfFailure.MALFORMED);
      out.error(Code.BAD_REQUEST);
      return;
    }
    frame.shrink();
    if (!services.confs.preparesBlocking(prepare)) {
      answer(prepare, prepareChain(prepare));
      return;
    }
    // A plugin that may block may build blocking state too: prepare on the worker pool.
    int current = call.beginPrepare(services.nanoClock.getAsLong());
    boolean started =
        services.blockingPool.tryStart(
            () -> {
              PreparedChain prepared = prepareChain(prepare);
              loop.execute(() -> endPrepare(current, prepare, prepared));
            });
    if (!started) {
      services.logLimiter.warn(
          log,
          "pool full",
          out.name() + ": the blocking worker pool is saturated; answered SERVICE_UNAVAILABLE to"
              + " a PrepareConf (raise --blocking-threads?)" + Outbound.APISIX_503);
      call.endPrepare(current);
      services.events.confFailed(ConfFailure.POOL_FULL);
      out.error(Code.SERVICE_UNAVAILABLE);
    }
  }

  private void endPrepare(int current, PrepareConf prepare, @Nullable PreparedChain prepared) {
    if (call.endPrepare(current)) {
      answer(prepare, prepared);
    }
    // else APISIX gave up; the chain stays cached for its next PrepareConf
  }

  /** Prepares the chain, or logs why not and returns {@code null}. Runs on any thread. */
  private @Nullable PreparedChain prepareChain(PrepareConf prepare) {
    try {
      return services.confs.prepare(prepare);
    } catch (ConfException e) {
      services.events.confFailed(
          e instanceof UnknownPluginException
              ? ConfFailure.UNKNOWN_PLUGIN
              : e.getCause() == null || e.getCause() instanceof ConfException
                  ? ConfFailure.BAD_CONF
                  : ConfFailure.PREPARE_FAILED);
      String key = prepare.key() == null ? "(no key)" : prepare.key();
      long suppressed = services.logLimiter.permit("conf " + key + " " + e.getMessage());
      if (suppressed >= 0) {
        String line =
            "PrepareConf {} failed, answered BAD_REQUEST (until the conf is fixed, APISIX answers"
                + " the route with 503, or lets requests pass if allow_degradation is on): {}{}";
        if (e.getCause() instanceof ConfException || e.getCause() == null) {
          log.error(line, key, e.getMessage(), RateLimitedLog.suppressedSuffix(suppressed));
        } else {
          // Not a conf error but a failure of the plugin's own preparation: show where.
          log.error(line, key, e.getMessage(), RateLimitedLog.suppressedSuffix(suppressed), e);
        }
      }
      return null;
    }
  }

  private void answer(PrepareConf prepare, @Nullable PreparedChain prepared) {
    RpcLog rpcLog = services.rpcLog;
    if (rpcLog != null) {
      rpcLog.prepared(
          out.name(), prepare, prepared, services.nanoClock.getAsLong() - receivedNanos);
    }
    if (prepared == null) {
      out.error(Code.BAD_REQUEST);
      return;
    }
    services.events.confPrepared();
    if (log.isInfoEnabled()) {
      log.info(
          "prepared conf token {} for {}: [{}]",
          prepared.token,
          prepare.key() == null ? "(no key)" : prepare.key(),
          String.join(", ", prepared.pluginNames()));
    }
    ReplyBuilder reply = ReplyBuilder.get();
    FlatBufferBuilder fb = reply.fb();
    fb.finish(dev.a6.internal.wire.prepareconf.Resp.createResp(fb, prepared.token));
    out.send(Wire.PREPARE_CONF, reply);
    out.flush();
    answeredLast = true;
  }

  /** A frame arrived: a call following a PrepareConf, or anything else, ends the wait for it. */
  void noteFrame(int type) {
    if (type != Wire.EXTRA_INFO) {
      answeredLast = false;
    }
  }

  /** Whether a PrepareConf was the last thing answered, so that APISIX's call follows. */
  boolean answeredLast() {
    return answeredLast;
  }
}
