package dev.a6.internal.call;

import dev.a6.RunnerException;
import dev.a6.internal.wire.FlatReader;
import dev.a6.internal.wire.Messages;
import dev.a6.internal.wire.ProtocolException;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.spi.FetchPlan;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ExtraInfo round trips of a connection's calls: the prefetch a chain declared (asked in one
 * write, answered in order, then the filters start) and the fetches filters make while running
 * (queued, answered in order, each completing its filter's stage on the event loop).
 */
final class ExtraInfoExchange implements Fetcher {
  /** Connection's logger: operators configure and read one logger per connection. */
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** An ExtraInfo request a filter made while running, waiting for its answer. */
  private record OnDemand(
      int call, int infoType, @Nullable String var, CompletableFuture<byte @Nullable []> result) {}

  /** What happens once the answers are in. */
  interface Continuation {
    /** The prefetch is complete: the filters can start. */
    void prefetched();

    /** The call cannot go on: answer it with an Err of this code. */
    void fail(int call, int code);
  }

  private final RunnerServices services;
  private final Call call;
  private final Outbound out;
  private final Continuation continuation;
  private final FlatReader reader = new FlatReader();
  private final ArrayDeque<OnDemand> onDemand = new ArrayDeque<>();
  private @Nullable EventExecutor loop;
  private int prefetchAnswered;
  private int prefetchTotal;

  ExtraInfoExchange(RunnerServices services, Call call, Outbound out, Continuation continuation) {
    this.services = services;
    this.call = call;
    this.out = out;
    this.continuation = continuation;
  }

  void attach(EventExecutor loop) {
    this.loop = loop;
  }

  /** Asks for everything the chain declared, in one write; the answers come back in order. */
  void requestPrefetch() {
    FetchPlan prefetch = call.prefetch();
    prefetchAnswered = 0;
    prefetchTotal = 0;
    for (String var : prefetch.vars()) {
      out.extraInfo(Info.Var, var);
      prefetchTotal++;
    }
    if (prefetch.requestBody()) {
      out.extraInfo(Info.ReqBody, null);
      prefetchTotal++;
    }
    if (prefetch.upstreamBody()) {
      out.extraInfo(Info.RespBody, null);
      prefetchTotal++;
    }
    out.flush();
  }

  /** An ExtraInfo answer from APISIX. */
  void onAnswer(ByteBuf in, int offset, int length) {
    // Read where it arrived: a body answer can be megabytes, and only the body is copied out.
    reader.reset(in.nioBuffer(offset, length), "ExtraInfo");
    byte[] result;
    try {
      result = Messages.extraInfoResult(reader);
    } catch (ProtocolException e) {
      services.logLimiter.warn(
          log,
          "malformed ExtraInfo",
          out.name() + ": " + e.getMessage() + "; answered BAD_REQUEST" + Outbound.APISIX_503);
      if (call.state() != Call.State.IDLE) {
        continuation.fail(call.number(), Code.BAD_REQUEST);
      } else {
        out.error(Code.BAD_REQUEST);
      }
      return;
    }
    call.countExtraInfo();
    if (call.state() == Call.State.FETCHING) {
      recordPrefetched(result);
      if (++prefetchAnswered == prefetchTotal) {
        continuation.prefetched();
      }
      return;
    }
    OnDemand asked = onDemand.poll();
    if (asked == null) {
      services.logLimiter.warn(
          log,
          "unexpected ExtraInfo",
          out.name() + ": received an ExtraInfo answer nothing asked for; answered BAD_REQUEST"
              + Outbound.APISIX_503);
      out.error(Code.BAD_REQUEST);
      return;
    }
    if (asked.call() != call.number() || call.state() != Call.State.RUNNING) {
      // The answer to a fetch of a call that has already been answered.
      asked.result().completeExceptionally(new RunnerException("the call was already answered"));
      return;
    }
    // Recorded and completed here, on the event loop, even for a blocking chain: a blocking
    // filter may wait for this stage with get(), and a task queued on its pool behind it would
    // never run.
    record(asked.infoType(), asked.var(), result);
    asked.result().complete(result);
  }

  private void recordPrefetched(byte @Nullable [] result) {
    FetchPlan prefetch = call.prefetch();
    List<String> vars = prefetch.vars();
    int index = prefetchAnswered;
    if (index < vars.size()) {
      call.fetched.putVar(vars.get(index), result);
    } else if (index == vars.size() && prefetch.requestBody()) {
      call.fetched.putRequestBody(result);
    } else {
      call.fetched.putUpstreamBody(result);
    }
  }

  private void record(int infoType, @Nullable String var, byte @Nullable [] result) {
    switch (infoType) {
      case Info.Var -> call.fetched.putVar(Objects.requireNonNull(var), result);
      case Info.ReqBody -> call.fetched.putRequestBody(result);
      default -> call.fetched.putUpstreamBody(result);
    }
  }

  /** A filter's fetch, from the event loop or a worker. */
  @Override
  public CompletionStage<byte @Nullable []> fetch(int infoType, @Nullable String var) {
    OnDemand asked = new OnDemand(call.number(), infoType, var, new CompletableFuture<>());
    EventExecutor loop = Objects.requireNonNull(this.loop, "handler not added");
    if (loop.inEventLoop()) {
      send(asked);
    } else {
      loop.execute(() -> send(asked));
    }
    return asked.result();
  }

  private void send(OnDemand asked) {
    boolean closed = call.state() == Call.State.CLOSED;
    if (closed || asked.call() != call.number() || call.state() != Call.State.RUNNING) {
      asked.result().completeExceptionally(
          new RunnerException(
              closed
                  ? "APISIX closed the connection; nothing more can be fetched"
                  : "the call is over; fetch before the filter's stage completes"));
      return;
    }
    onDemand.add(asked);
    out.extraInfo(asked.infoType(), asked.var());
    out.flush();
  }

  /** The connection closed: every fetch still waiting fails. */
  void closed() {
    RunnerException gone = new RunnerException("APISIX closed the connection");
    for (OnDemand asked; (asked = onDemand.poll()) != null; ) {
      asked.result().completeExceptionally(gone);
    }
  }
}
