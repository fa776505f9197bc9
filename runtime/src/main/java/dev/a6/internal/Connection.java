package dev.a6.internal;

import dev.a6.ConfException;
import dev.a6.FilterContext;
import dev.a6.RunnerException;
import dev.a6.internal.Messages.PrepareConf;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.internal.wire.extrainfo.ReqBody;
import dev.a6.internal.wire.extrainfo.RespBody;
import dev.a6.internal.wire.extrainfo.Var;
import dev.a6.internal.wire.httpreqcall.Action;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding;
import com.google.flatbuffers.FlatBufferBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One APISIX connection: a strict sequence of calls, each answered before the next arrives.
 *
 * <p>A call goes IDLE → FETCHING (the ExtraInfo the chain declared, requested in one write) →
 * RUNNING (the filters, on the event loop or, for a chain with a blocking filter, on the worker
 * pool) → reply → IDLE. All per-call state lives in this object and is reused: the message index,
 * the views the filters see, the fetched values. Everything that touches the channel or the call's
 * state runs on the event loop; filters on a worker hand their results back to it.
 */
final class Connection extends ChannelInboundHandlerAdapter implements Fetcher {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  private static final PreparedFilter<?>[] NO_FILTERS = {};
  /** A frame buffer that grew past this for one huge message is dropped after the call. */
  private static final int KEEP_FRAME_BYTES = 1 << 20;

  private enum State {
    IDLE,
    /** A PrepareConf whose chain is being prepared on the worker pool. */
    PREPARING,
    FETCHING,
    RUNNING
  }

  /** An ExtraInfo request a filter made while running, waiting for its answer. */
  private record OnDemand(
      int call, int infoType, @Nullable String var, CompletableFuture<byte @Nullable []> result) {}

  private final RunnerServices services;
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable EventExecutor loop;
  private @Nullable FilterContext context;
  private String name = "connection";

  private byte[] frame = new byte[4096];
  private byte[] infoFrame = new byte[256];
  private final FlatReader infoReader = new FlatReader();
  private final FlatReader prepareReader = new FlatReader();
  private final CallMessage message = new CallMessage();
  private final Fetched fetched = new Fetched();
  private final RequestView request = new RequestView(message, fetched, this);
  private final ClientResponse response = new ClientResponse();
  private final UpstreamView upstream = new UpstreamView(message, fetched, this);
  private final ArrayDeque<OnDemand> onDemand = new ArrayDeque<>();

  private State state = State.IDLE;
  /**
   * Whether a call is between its request and its reply, read by {@link Server#stop} from
   * another thread to drain: written by this connection's loop only, so never contended.
   */
  private volatile boolean busy;
  /** Numbers the calls; a continuation of an earlier call finds a different number and stops. */
  private volatile int call;
  private boolean closed;
  private PreparedFilter<?>[] filters = NO_FILTERS;
  private int nextFilter;
  private @Nullable Executor chainExecutor;
  private FetchPlan prefetch = FetchPlan.NONE;
  private int prefetchAnswered;
  private int prefetchTotal;
  private long callStartNanos;

  Connection(RunnerServices services) {
    this.services = services;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.loop = ctx.executor();
    this.context = services.contexts.apply(ctx.executor());
    this.name = "connection " + ctx.channel().id().asShortText();
  }

  // ------------------------------------------------------------------------------ frames in

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      int type = in.getUnsignedByte(in.readerIndex());
      int length = in.readableBytes() - Wire.HEADER_LENGTH;
      onFrame(type, in, in.readerIndex() + Wire.HEADER_LENGTH, length);
    } finally {
      in.release();
    }
  }

  private void onFrame(int type, ByteBuf in, int offset, int length) {
    if (type == Wire.EXTRA_INFO) {
      onExtraInfo(in, offset, length);
      return;
    }
    if (state != State.IDLE) {
      // APISIX waits for each reply before it sends anything else: the stream is out of step.
      log.error(
          "{}: received {} while {} (id {}) was unanswered; APISIX never overlaps calls on a"
              + " connection, so closing it",
          name,
          Wire.typeName(type),
          state == State.PREPARING ? "a PrepareConf" : Wire.typeName(message.type()),
          message.id());
      closeNow();
      return;
    }
    if (length == 0) {
      warnLimited(
          "empty " + Wire.typeName(type),
          name + ": received " + Wire.typeName(type) + " with an empty payload;"
              + " answered BAD_REQUEST");
      sendError(Code.BAD_REQUEST);
      return;
    }
    switch (type) {
      case Wire.PREPARE_CONF -> onPrepareConf(in, offset, length);
      case Wire.HTTP_REQ_CALL, Wire.HTTP_RESP_CALL -> onCall(type, in, offset, length);
      default -> {
        warnLimited(
            "type " + type,
            name + ": received a frame of unknown type " + type + " (" + length
                + " bytes); answered BAD_REQUEST");
        sendError(Code.BAD_REQUEST);
      }
    }
  }

  // ------------------------------------------------------------------------------ PrepareConf

  private void onPrepareConf(ByteBuf in, int offset, int length) {
    frame = copy(in, offset, length, frame);
    prepareReader.reset(frame, length, "PrepareConf");
    PrepareConf prepare;
    try {
      prepare = Messages.prepareConf(prepareReader);
    } catch (ProtocolException e) {
      warnLimited("malformed PrepareConf", name + ": " + e.getMessage() + "; answered BAD_REQUEST");
      sendError(Code.BAD_REQUEST);
      return;
    }
    shrinkFrame();
    if (!services.confs.preparesBlocking(prepare)) {
      answerPrepare(prepare, prepareChain(prepare));
      return;
    }
    // A plugin that may block may build blocking state too: prepare on the worker pool.
    state = State.PREPARING;
    busy = true;
    int current = ++call;
    callStartNanos = services.nanoClock.getAsLong();
    boolean started;
    try {
      started =
          services.blockingPool.tryStart(
              () -> {
                PreparedChain prepared = prepareChain(prepare);
                loop().execute(() -> endPrepare(current, prepare, prepared));
              });
    } catch (RejectedExecutionException stopping) {
      started = false;
    }
    if (!started) {
      warnLimited(
          "pool full",
          name + ": the blocking worker pool is saturated; answered SERVICE_UNAVAILABLE to a"
              + " PrepareConf (raise --blocking-threads?)");
      sendError(Code.SERVICE_UNAVAILABLE);
      state = State.IDLE;
      busy = false;
    }
  }

  private void endPrepare(int current, PrepareConf prepare, @Nullable PreparedChain prepared) {
    if (current != call || closed) {
      return; // APISIX gave up; the chain stays cached for its next PrepareConf
    }
    state = State.IDLE;
    busy = false;
    answerPrepare(prepare, prepared);
  }

  /** Prepares the chain, or logs why not and returns {@code null}. Runs on any thread. */
  private @Nullable PreparedChain prepareChain(PrepareConf prepare) {
    try {
      return services.confs.prepare(prepare);
    } catch (ConfException e) {
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

  private void answerPrepare(PrepareConf prepare, @Nullable PreparedChain prepared) {
    if (prepared == null) {
      sendError(Code.BAD_REQUEST);
      return;
    }
    if (log.isInfoEnabled()) {
      log.info(
          "prepared conf token {} for {}: [{}]",
          prepared.token,
          prepare.key() == null ? "(no key)" : prepare.key(),
          String.join(", ", prepared.pluginNames()));
    }
    ReplyBuilder out = ReplyBuilder.get();
    FlatBufferBuilder fb = out.fb();
    fb.finish(dev.a6.internal.wire.prepareconf.Resp.createResp(fb, prepared.token));
    send(Wire.PREPARE_CONF, out);
    flush();
  }

  // ------------------------------------------------------------------------------ calls

  private void onCall(int type, ByteBuf in, int offset, int length) {
    frame = copy(in, offset, length, frame);
    try {
      if (type == Wire.HTTP_REQ_CALL) {
        message.readRequestCall(frame, length);
      } else {
        message.readResponseCall(frame, length);
      }
    } catch (ProtocolException e) {
      warnLimited("malformed " + type, name + ": " + e.getMessage() + "; answered BAD_REQUEST");
      sendError(Code.BAD_REQUEST);
      return;
    }
    PreparedChain found = services.confs.lookup(message.token());
    if (found == null) {
      long suppressed = services.logLimiter.permit("token");
      if (suppressed >= 0) {
        log.info(
            "{}: conf token {} is unknown or expired; answered CONF_TOKEN_NOT_FOUND so that APISIX"
                + " prepares the conf again{}",
            name,
            message.token(),
            RateLimitedLog.suppressedSuffix(suppressed));
      }
      sendError(Code.CONF_TOKEN_NOT_FOUND);
      return;
    }
    call++;
    busy = true;
    callStartNanos = services.nanoClock.getAsLong();
    boolean requestPhase = type == Wire.HTTP_REQ_CALL;
    filters = requestPhase ? found.requestFilters : found.responseFilters;
    boolean blocking = requestPhase ? found.requestBlocks : found.responseBlocks;
    chainExecutor = blocking ? services.blockingPool : loop();
    prefetch = requestPhase ? found.requestFetch : found.responseFetch;
    nextFilter = 0;
    if (filters.length == 0) {
      reply(call);
    } else if (prefetch.isEmpty()) {
      startFilters();
    } else {
      requestPrefetch();
    }
  }

  /** Asks for everything the chain declared, in one write; the answers come back in order. */
  private void requestPrefetch() {
    state = State.FETCHING;
    prefetchAnswered = 0;
    prefetchTotal = 0;
    for (String var : prefetch.vars()) {
      sendExtraInfo(Info.Var, var);
      prefetchTotal++;
    }
    if (prefetch.requestBody()) {
      sendExtraInfo(Info.ReqBody, null);
      prefetchTotal++;
    }
    if (prefetch.upstreamBody()) {
      sendExtraInfo(Info.RespBody, null);
      prefetchTotal++;
    }
    flush();
  }

  private void onExtraInfo(ByteBuf in, int offset, int length) {
    infoFrame = copy(in, offset, length, infoFrame);
    infoReader.reset(infoFrame, length, "ExtraInfo");
    byte[] result;
    try {
      result = Messages.extraInfoResult(infoReader);
    } catch (ProtocolException e) {
      warnLimited("malformed ExtraInfo", name + ": " + e.getMessage());
      if (state != State.IDLE) {
        failCall(call, Code.BAD_REQUEST);
      } else {
        sendError(Code.BAD_REQUEST);
      }
      return;
    }
    if (state == State.FETCHING) {
      recordPrefetched(result);
      if (++prefetchAnswered == prefetchTotal) {
        startFilters();
      }
      return;
    }
    OnDemand asked = onDemand.poll();
    if (asked == null) {
      warnLimited(
          "unexpected ExtraInfo",
          name + ": received an ExtraInfo answer nothing asked for; answered BAD_REQUEST");
      sendError(Code.BAD_REQUEST);
      return;
    }
    if (asked.call() != call || state != State.RUNNING) {
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
    List<String> vars = prefetch.vars();
    int index = prefetchAnswered;
    if (index < vars.size()) {
      fetched.putVar(vars.get(index), result);
    } else if (index == vars.size() && prefetch.requestBody()) {
      fetched.putRequestBody(result);
    } else {
      fetched.putUpstreamBody(result);
    }
  }

  private void record(int infoType, @Nullable String var, byte @Nullable [] result) {
    switch (infoType) {
      case Info.Var -> fetched.putVar(Objects.requireNonNull(var), result);
      case Info.ReqBody -> fetched.putRequestBody(result);
      default -> fetched.putUpstreamBody(result);
    }
  }

  @Override
  public CompletionStage<byte @Nullable []> fetch(int infoType, @Nullable String var) {
    OnDemand asked = new OnDemand(call, infoType, var, new CompletableFuture<>());
    EventExecutor loop = loop();
    if (loop.inEventLoop()) {
      sendOnDemand(asked);
    } else {
      loop.execute(() -> sendOnDemand(asked));
    }
    return asked.result();
  }

  private void sendOnDemand(OnDemand asked) {
    if (closed || asked.call() != call || state != State.RUNNING) {
      asked.result().completeExceptionally(
          new RunnerException(
              closed
                  ? "APISIX closed the connection; nothing more can be fetched"
                  : "the call is over; fetch before the filter's stage completes"));
      return;
    }
    onDemand.add(asked);
    sendExtraInfo(asked.infoType(), asked.var());
    flush();
  }

  // ------------------------------------------------------------------------------ filters

  private void startFilters() {
    state = State.RUNNING;
    int current = call;
    Executor executor = chainExecutor();
    if (executor == loop) {
      runFilters(current);
      return;
    }
    boolean started;
    try {
      started = services.blockingPool.tryStart(() -> runFilters(current));
    } catch (RejectedExecutionException stopping) {
      started = false;
    }
    if (!started) {
      warnLimited(
          "pool full",
          name + ": the blocking worker pool is saturated; answered SERVICE_UNAVAILABLE"
              + " (raise --blocking-threads?)");
      failCall(current, Code.SERVICE_UNAVAILABLE);
    }
  }

  /** Runs filters from {@code nextFilter} on the chain's thread until one is pending or all ran. */
  private void runFilters(int current) {
    boolean requestPhase = message.type() == Wire.HTTP_REQ_CALL;
    FilterContext filterContext = context();
    while (nextFilter < filters.length) {
      if (current != call) {
        return;
      }
      PreparedFilter<?> filter = filters[nextFilter++];
      CompletionStage<Void> stage;
      try {
        stage =
            requestPhase
                ? filter.onRequest(request, response, filterContext)
                : filter.onResponse(upstream, filterContext);
      } catch (Throwable e) {
        filterFailed(current, filter, e);
        return;
      }
      if (stage == null) {
        filterFailed(
            current, filter, new NullPointerException("the filter returned null, not a stage"));
        return;
      }
      if (stage != FilterBinding.DONE) {
        CompletableFuture<Void> future = stage.toCompletableFuture();
        if (!future.isDone()) {
          future.whenComplete((ignored, failure) -> resume(current, filter, failure));
          return;
        }
        Throwable failure = failureOf(future);
        if (failure != null) {
          filterFailed(current, filter, failure);
          return;
        }
      }
      if (requestPhase && response.isStopped()) {
        break;
      }
    }
    toLoop(current);
  }

  private void resume(int current, PreparedFilter<?> filter, @Nullable Throwable failure) {
    if (current != call) {
      return;
    }
    Runnable next =
        () -> {
          if (failure != null) {
            filterFailed(current, filter, unwrap(failure));
          } else if (message.type() == Wire.HTTP_REQ_CALL && response.isStopped()) {
            toLoop(current);
          } else {
            runFilters(current);
          }
        };
    try {
      chainExecutor().execute(next);
    } catch (RejectedExecutionException stopping) {
      // Only a pool that was shut down refuses a continuation: the runner is stopping.
      loop().execute(() -> failCall(current, Code.SERVICE_UNAVAILABLE));
    }
  }

  private void filterFailed(int current, PreparedFilter<?> filter, Throwable failure) {
    int code;
    if (failure instanceof ProtocolException malformed) {
      // Headers and args are checked when first read, which can be inside a filter.
      warnLimited("malformed " + message.type(), name + ": " + malformed.getMessage() + "; answered BAD_REQUEST");
      code = Code.BAD_REQUEST;
    } else {
      long suppressed =
          services.logLimiter.permit("filter " + filter.name() + " " + failure.getClass().getName());
      if (suppressed >= 0) {
        log.error(
            "{}: filter \"{}\" failed in {} (id {}), answered SERVICE_UNAVAILABLE{}",
            name,
            filter.name(),
            Wire.typeName(message.type()),
            message.id(),
            RateLimitedLog.suppressedSuffix(suppressed),
            failure);
      }
      services.filterFailures.accept(filter.name(), failure);
      code = Code.SERVICE_UNAVAILABLE;
    }
    EventExecutor loop = loop();
    if (loop.inEventLoop()) {
      failCall(current, code);
    } else {
      loop.execute(() -> failCall(current, code));
    }
  }

  /** Continues on the event loop with the reply; the chain may have run on a worker. */
  private void toLoop(int current) {
    EventExecutor loop = loop();
    if (loop.inEventLoop()) {
      reply(current);
    } else {
      loop.execute(() -> reply(current));
    }
  }

  // ------------------------------------------------------------------------------ replies

  private void reply(int current) {
    if (current != call || closed) {
      return;
    }
    ReplyBuilder out = ReplyBuilder.get();
    FlatBufferBuilder fb = out.fb();
    int type = message.type();
    try {
      encodeReply(type, out, fb);
    } catch (ProtocolException malformed) {
      // Encoding compares with the received headers, which may be read here for the first time.
      warnLimited("malformed " + type, name + ": " + malformed.getMessage() + "; answered BAD_REQUEST");
      sendError(Code.BAD_REQUEST);
      endCall();
      return;
    }
    send(type, out);
    flush();
    endCall();
  }

  private void encodeReply(int type, ReplyBuilder out, FlatBufferBuilder fb) {
    if (type == Wire.HTTP_REQ_CALL) {
      int action = 0;
      byte actionType = Action.NONE;
      if (response.isStopped()) {
        action = response.encodeStop(out);
        actionType = Action.Stop;
      } else {
        action = request.encodeRewrite(out, response);
        if (action != 0) {
          actionType = Action.Rewrite;
        }
      }
      fb.finish(
          dev.a6.internal.wire.httpreqcall.Resp.createResp(fb, message.id(), actionType, action));
    } else {
      fb.finish(upstream.encodeResponse(out));
    }
  }

  private void failCall(int current, int code) {
    if (current != call || closed) {
      return;
    }
    sendError(code);
    endCall();
  }

  private void endCall() {
    if (log.isDebugEnabled()) {
      log.debug(
          "{}: {} id {} answered in {} µs",
          name,
          Wire.typeName(message.type()),
          message.id(),
          TimeUnit.NANOSECONDS.toMicros(services.nanoClock.getAsLong() - callStartNanos));
    }
    call++;
    state = State.IDLE;
    filters = NO_FILTERS;
    nextFilter = 0;
    prefetch = FetchPlan.NONE;
    busy = false;
    request.reset();
    response.reset();
    upstream.reset();
    fetched.clear();
    shrinkFrame();
  }

  private void sendError(int code) {
    send(Wire.ERROR, error(code));
    flush();
  }

  private static ReplyBuilder error(int code) {
    ReplyBuilder out = ReplyBuilder.get();
    FlatBufferBuilder fb = out.fb();
    fb.finish(dev.a6.internal.wire.err.Resp.createResp(fb, (byte) code));
    return out;
  }

  private void sendExtraInfo(int infoType, @Nullable String var) {
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
   * Writes one frame. A payload over the protocol's limit would corrupt the stream (its length
   * does not fit the header), so it is replaced by an Err.
   */
  private void send(int type, ReplyBuilder out) {
    ByteBuffer data = out.fb().dataBuffer();
    int length = data.remaining();
    if (length > Wire.MAX_PAYLOAD) {
      log.error(
          "{}: the {} reply is {} bytes, over the protocol's limit of {}; answered"
              + " SERVICE_UNAVAILABLE instead",
          name,
          Wire.typeName(type),
          length,
          Wire.MAX_PAYLOAD);
      send(Wire.ERROR, error(Code.SERVICE_UNAVAILABLE));
      return;
    }
    ChannelHandlerContext ctx = ctx();
    ByteBuf frame = ctx.alloc().ioBuffer(Wire.HEADER_LENGTH + length);
    frame.writeByte(type);
    frame.writeMedium(length);
    frame.writeBytes(data.array(), data.arrayOffset() + data.position(), length);
    ctx.write(frame, ctx.voidPromise());
  }

  private void flush() {
    ctx().flush();
  }

  // ------------------------------------------------------------------------------ lifecycle

  /** Whether a call is between its request and its reply; safe from any thread. */
  boolean isBusy() {
    return busy;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    if (state == State.PREPARING) {
      log.warn(
          "{}: APISIX closed the connection after {} ms while a PrepareConf was being prepared;"
              + " the chain stays cached for its next PrepareConf",
          name,
          TimeUnit.NANOSECONDS.toMillis(services.nanoClock.getAsLong() - callStartNanos));
    } else if (state != State.IDLE) {
      log.warn(
          "{}: APISIX closed the connection during {} (id {}, token {}) after {} ms; the reply is"
              + " dropped (APISIX answers that request itself, 503 unless degradation is allowed)",
          name,
          Wire.typeName(message.type()),
          message.id(),
          message.token(),
          TimeUnit.NANOSECONDS.toMillis(services.nanoClock.getAsLong() - callStartNanos));
    }
    if (state != State.IDLE) {
      call++;
      state = State.IDLE;
      busy = false;
    }
    RunnerException gone = new RunnerException("APISIX closed the connection");
    for (OnDemand asked; (asked = onDemand.poll()) != null; ) {
      asked.result().completeExceptionally(gone);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      // APISIX closes connections at will (timeouts, errors); a write may then find no reader.
      log.debug("{}: {}", name, cause.toString());
    } else {
      log.warn("{}: closing after an unexpected error", name, cause);
    }
    closeNow();
  }

  private void closeNow() {
    ctx().close();
  }

  // ------------------------------------------------------------------------------ helpers

  private static byte[] copy(ByteBuf in, int offset, int length, byte[] into) {
    byte[] target = into.length >= length ? into : new byte[Math.max(length, into.length * 2)];
    in.getBytes(offset, target, 0, length);
    return target;
  }

  private void shrinkFrame() {
    if (frame.length > KEEP_FRAME_BYTES) {
      frame = new byte[4096];
    }
    if (infoFrame.length > KEEP_FRAME_BYTES) {
      infoFrame = new byte[256];
    }
  }

  private void warnLimited(String key, String line) {
    long suppressed = services.logLimiter.permit(key);
    if (suppressed >= 0) {
      log.warn("{}{}", line, RateLimitedLog.suppressedSuffix(suppressed));
    }
  }

  private static @Nullable Throwable failureOf(CompletableFuture<Void> future) {
    if (!future.isCompletedExceptionally()) {
      return null;
    }
    try {
      future.join();
      return null;
    } catch (CompletionException e) {
      return unwrap(e);
    } catch (CancellationException e) {
      return e;
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private ChannelHandlerContext ctx() {
    return Objects.requireNonNull(ctx, "handler not added");
  }

  private EventExecutor loop() {
    return Objects.requireNonNull(loop, "handler not added");
  }

  private FilterContext context() {
    return Objects.requireNonNull(context, "handler not added");
  }

  private Executor chainExecutor() {
    return Objects.requireNonNull(chainExecutor, "no call running");
  }
}
