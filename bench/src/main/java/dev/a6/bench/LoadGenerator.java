package dev.a6.bench;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec.ExtraInfoRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Talks to a runner as APISIX does: a PrepareConf on a connection of its own, then {@code
 * connections} connections that each make one call after the other, answering the runner's
 * ExtraInfo requests and preparing the conf again when the runner says it does not know the
 * token. Everything runs on one event loop thread.
 */
final class LoadGenerator {

  /**
   * What to run.
   *
   * @param requestBodyBytes the size of the request body answered to an ExtraInfo ReqBody
   */
  record Options(
      Path socket,
      int connections,
      Duration warmup,
      Duration duration,
      boolean responsePhase,
      List<Entry> chain,
      long runnerPid,
      int requestBodyBytes) {

    Options(
        Path socket,
        int connections,
        Duration warmup,
        Duration duration,
        boolean responsePhase,
        List<Entry> chain,
        long runnerPid) {
      this(
          socket, connections, warmup, duration, responsePhase, chain, runnerPid,
          Workload.REQUEST_BODY.length);
    }
  }

  /** What was measured in the measurement window. */
  record Result(
      long calls,
      double seconds,
      long errors,
      Map<String, Long> actions,
      Histogram latency,
      long runnerCpuNanos) {

    double callsPerSecond() {
      return calls / seconds;
    }

    /** Runner CPU per call in microseconds, or -1 without a runner pid. */
    double cpuMicrosPerCall() {
      return runnerCpuNanos < 0 || calls == 0 ? -1 : runnerCpuNanos / 1000.0 / calls;
    }

    double percentileMillis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    String toJson() {
      StringBuilder actionsJson = new StringBuilder("{");
      actions.forEach(
          (action, count) -> {
            if (actionsJson.length() > 1) {
              actionsJson.append(", ");
            }
            actionsJson.append('"').append(action).append("\": ").append(count);
          });
      actionsJson.append('}');
      return String.format(
          java.util.Locale.ROOT,
          "{\"calls\": %d, \"seconds\": %.3f, \"calls_per_second\": %.1f, \"errors\": %d,"
              + " \"actions\": %s, \"latency_ms\": {\"p50\": %.4f, \"p90\": %.4f, \"p99\": %.4f,"
              + " \"p99_9\": %.4f, \"max\": %.4f}, \"runner_cpu_us_per_call\": %.3f}",
          calls,
          seconds,
          callsPerSecond(),
          errors,
          actionsJson,
          percentileMillis(50),
          percentileMillis(90),
          percentileMillis(99),
          percentileMillis(99.9),
          latency.getMaxValue() / 1e6,
          cpuMicrosPerCall());
    }

    String toText() {
      return String.format(
          java.util.Locale.ROOT,
          "%,d calls in %.1f s: %,.0f calls/s; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms,"
              + " p99.9 %.3f ms; errors %d; actions %s%s",
          calls,
          seconds,
          callsPerSecond(),
          percentileMillis(50),
          percentileMillis(90),
          percentileMillis(99),
          percentileMillis(99.9),
          errors,
          actions,
          runnerCpuNanos < 0
              ? ""
              : String.format(java.util.Locale.ROOT, "; runner CPU %.2f µs/call", cpuMicrosPerCall()));
    }
  }

  private final Options options;
  private final EventLoopGroup group;
  private final boolean epoll = Epoll.isAvailable();
  private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
  private final Map<String, Long> actions = new HashMap<>();
  private final Map<String, ByteBuf> varAnswers = new HashMap<>();
  private final ByteBuf requestBodyAnswer;
  private final ByteBuf responseBodyAnswer;
  private final ByteBuf noneAnswer;
  private final List<Caller> callers = new ArrayList<>();
  private ByteBuf call;
  private long token;
  private boolean measuring;
  private boolean running = true;
  private long calls;
  private long errors;
  private boolean preparing;

  private LoadGenerator(Options options) {
    this.options = options;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.requestBodyAnswer =
        frame(
            3,
            ApisixCodec.extraInfoAnswer(
                options.requestBodyBytes() == Workload.REQUEST_BODY.length
                    ? Workload.REQUEST_BODY
                    : Workload.filler(options.requestBodyBytes())));
    this.responseBodyAnswer = frame(3, ApisixCodec.extraInfoAnswer(Workload.RESPONSE_BODY));
    this.noneAnswer = frame(3, ApisixCodec.extraInfoAnswer(null));
  }

  static Result run(Options options) throws Exception {
    LoadGenerator generator = new LoadGenerator(options);
    try {
      return generator.run();
    } finally {
      generator.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private Result run() throws Exception {
    token = prepare();
    call = callFrame();
    for (int i = 0; i < options.connections(); i++) {
      Caller caller = new Caller(i);
      connect(caller).sync();
      callers.add(caller);
    }
    group.next().execute(() -> callers.forEach(Caller::next));
    Thread.sleep(options.warmup().toMillis());

    CompletableFuture<long[]> start = new CompletableFuture<>();
    group.next().execute(
        () -> {
          latency.reset();
          actions.clear();
          calls = 0;
          errors = 0;
          measuring = true;
          start.complete(new long[] {System.nanoTime(), cpu()});
        });
    long[] begin = start.get();
    Thread.sleep(options.duration().toMillis());
    CompletableFuture<Result> end = new CompletableFuture<>();
    group.next().execute(
        () -> {
          measuring = false;
          running = false;
          long cpu = cpu();
          double seconds = (System.nanoTime() - begin[0]) / 1e9;
          end.complete(
              new Result(
                  calls,
                  seconds,
                  errors,
                  Map.copyOf(actions),
                  latency.copy(),
                  begin[1] < 0 ? -1 : cpu - begin[1]));
        });
    Result result = end.get();
    for (Caller caller : callers) {
      caller.channel.close().syncUninterruptibly();
    }
    group.next().submit(this::releaseFrames).syncUninterruptibly();
    return result;
  }

  private void releaseFrames() {
    call.release();
    requestBodyAnswer.release();
    responseBodyAnswer.release();
    noneAnswer.release();
    varAnswers.values().forEach(ByteBuf::release);
  }

  private long cpu() {
    return options.runnerPid() > 0 ? ProcStats.cpuNanos(options.runnerPid()) : -1;
  }

  // ---------------------------------------------------------------------------- PrepareConf

  /** Prepares the chain on a connection of its own, as APISIX does, and returns the token. */
  private long prepare() throws Exception {
    CompletableFuture<Long> token = new CompletableFuture<>();
    Channel channel =
        bootstrap(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf frame = (ByteBuf) msg;
                    try {
                      int type = frame.getUnsignedByte(0);
                      ByteBuffer payload = frame.nioBuffer(4, frame.readableBytes() - 4);
                      if (type == 1) {
                        token.complete(ApisixCodec.confToken(payload));
                      } else {
                        token.completeExceptionally(
                            new IllegalStateException(
                                "the runner refused the PrepareConf (Err code "
                                    + ApisixCodec.errorCode(payload) + "); check the chain"));
                      }
                    } finally {
                      frame.release();
                    }
                  }
                })
            .connect(address())
            .sync()
            .channel();
    try {
      channel.writeAndFlush(frame(1, ApisixCodec.prepareConf(Workload.CONF_KEY, options.chain())));
      return token.get(10, TimeUnit.SECONDS);
    } finally {
      channel.close();
    }
  }

  /** After CONF_TOKEN_NOT_FOUND: prepares again, off the event loop, then resumes the callers. */
  private void reprepare(Caller caller) {
    caller.waiting = true;
    if (preparing) {
      return;
    }
    preparing = true;
    CompletableFuture.supplyAsync(
            () -> {
              try {
                return prepare();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .whenComplete(
            (newToken, failure) ->
                group.next().execute(
                    () -> {
                      preparing = false;
                      if (failure == null) {
                        token = newToken;
                        call.release();
                        call = callFrame();
                      }
                      for (Caller waiting : callers) {
                        if (waiting.waiting) {
                          waiting.waiting = false;
                          waiting.next();
                        }
                      }
                    }));
  }

  // ---------------------------------------------------------------------------- calls

  /** One APISIX connection: a call, its ExtraInfo round trips, its reply, the next call. */
  private final class Caller extends ChannelInboundHandlerAdapter {
    private final int index;
    private Channel channel;
    private long started;
    private boolean waiting;

    Caller(int index) {
      this.index = index;
    }

    void next() {
      if (!running || !channel.isActive()) {
        return;
      }
      started = System.nanoTime();
      channel.writeAndFlush(call.retainedDuplicate(), channel.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      try {
        int type = frame.getUnsignedByte(0);
        if (type == 3) {
          answer(ctx, frame);
          return;
        }
        long elapsed = System.nanoTime() - started;
        if (type == 0) {
          int code = ApisixCodec.errorCode(frame.nioBuffer(4, frame.readableBytes() - 4));
          if (measuring) {
            errors++;
            count(code == ApisixCodec.CONF_TOKEN_NOT_FOUND ? "conf-token-not-found" : "err-" + code);
          }
          if (code == ApisixCodec.CONF_TOKEN_NOT_FOUND) {
            reprepare(this);
            return;
          }
        } else if (measuring) {
          calls++;
          latency.recordValue(Math.min(elapsed, latency.getHighestTrackableValue()));
          count(action(type, frame));
        }
        next();
      } finally {
        frame.release();
      }
    }

    private void answer(ChannelHandlerContext ctx, ByteBuf frame) {
      ExtraInfoRequest request =
          ApisixCodec.extraInfoRequest(frame.nioBuffer(4, frame.readableBytes() - 4));
      ByteBuf answer =
          switch (request.infoType()) {
            case ApisixCodec.INFO_VAR -> varAnswers.computeIfAbsent(
                request.var(), name -> frame(3, ApisixCodec.extraInfoAnswer(Workload.varValue(name))));
            case ApisixCodec.INFO_REQUEST_BODY -> requestBodyAnswer;
            case ApisixCodec.INFO_RESPONSE_BODY -> responseBodyAnswer;
            default -> noneAnswer;
          };
      ctx.writeAndFlush(answer.retainedDuplicate(), ctx.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (running) {
        System.err.println("connection " + index + ": " + cause);
      }
      ctx.close();
    }
  }

  private void count(String action) {
    actions.merge(action, 1L, Long::sum);
  }

  private static String action(int type, ByteBuf frame) {
    ByteBuffer payload = frame.nioBuffer(4, frame.readableBytes() - 4);
    if (type == 2) {
      return ApisixCodec.requestAction(payload);
    }
    if (type == 4) {
      return ApisixCodec.responseChanges(payload) ? "response-changed" : "response-unchanged";
    }
    return "type-" + type;
  }

  // ---------------------------------------------------------------------------- plumbing

  private io.netty.channel.ChannelFuture connect(Caller caller) {
    return bootstrap(caller)
        .connect(address())
        .addListener(future -> caller.channel = ((io.netty.channel.ChannelFuture) future).channel());
  }

  private Bootstrap bootstrap(ChannelInboundHandlerAdapter handler) {
    return new Bootstrap()
        .group(group)
        .channelFactory(epoll ? EpollDomainSocketChannel::new : NioDomainSocketChannel::new)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel channel) {
                channel
                    .pipeline()
                    .addLast(new LengthFieldBasedFrameDecoder(4 + 0xFFFFFF, 1, 3, 0, 0), handler);
              }
            });
  }

  private SocketAddress address() {
    return epoll
        ? new DomainSocketAddress(options.socket().toString())
        : UnixDomainSocketAddress.of(options.socket());
  }

  private ByteBuf callFrame() {
    ByteBuffer payload =
        options.responsePhase() ? Workload.responseCall(1, token) : Workload.requestCall(1, token);
    return frame(options.responsePhase() ? 4 : 2, payload);
  }

  /**
   * A frame in a direct buffer. Written once, it is released by the write; kept for many writes,
   * each write sends a {@code retainedDuplicate()} and the owner keeps the one reference.
   */
  static ByteBuf frame(int type, ByteBuffer payload) {
    ByteBuf frame = ByteBufAllocator.DEFAULT.directBuffer(4 + payload.remaining());
    return frame.writeByte(type).writeMedium(payload.remaining()).writeBytes(payload.duplicate());
  }
}
