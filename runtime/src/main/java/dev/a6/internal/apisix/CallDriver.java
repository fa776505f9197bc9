package dev.a6.internal.apisix;

import dev.a6.ConfException;
import dev.a6.FilterContext;
import dev.a6.RunnerException;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec.ExtraInfoRequest;
import dev.a6.internal.apisix.ApisixCodec.RequestReply;
import dev.a6.internal.apisix.ApisixCodec.ResponseReply;
import dev.a6.internal.call.BlockingPool;
import dev.a6.internal.call.Connection;
import dev.a6.internal.call.RateLimitedLog;
import dev.a6.internal.call.RunnerEvents;
import dev.a6.internal.call.RunnerServices;
import dev.a6.internal.conf.ConfCache;
import dev.a6.internal.conf.TokenSource;
import dev.a6.internal.transport.FrameDecoder;
import dev.a6.internal.wire.Messages.ConfEntry;
import dev.a6.internal.wire.Messages.PrepareConf;
import dev.a6.internal.wire.ProtocolException;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterObserver;
import dev.a6.spi.FilterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Runs calls through the runner's own call handling without a socket: the same conf cache,
 * connection handler, views and reply encoding, on an embedded channel, with APISIX's side
 * played from given answers and with a virtual clock. The engine of {@code FilterTester}.
 */
public final class CallDriver {
  /** How long a call may wait for a stage completed outside the runner before it is failed. */
  private static final long FOREIGN_WAIT_MILLIS = 10_000;

  /** What APISIX answers to ExtraInfo requests; {@code null} is "no value". */
  public interface Answers {
    byte @Nullable [] var(String name);

    byte @Nullable [] requestBody();

    byte @Nullable [] upstreamBody();
  }

  /**
   * A call's reply, with what the chain asked APISIX for and how long it waited on delays.
   *
   * @param <R> the reply type
   */
  public record Exchange<R>(R reply, List<ExtraInfoRequest> asked, Duration delayed) {}

  private final ConfCache confs;
  private final EmbeddedChannel channel;
  private final List<Throwable> failures = new ArrayList<>();
  private final List<String> failedPlugins = new ArrayList<>();
  private long nanos = 1_000_000_000L;
  private long token;
  private long nextId = 1;

  public CallDriver(FilterRegistry registry, Supplier<RandomGenerator> random) {
    this.confs =
        new ConfCache(
            registry, Long.MAX_VALUE / 2, () -> nanos, new TokenSource(System::currentTimeMillis));
    Function<EventExecutor, FilterContext> contexts = loop -> new VirtualContext(loop, random);
    RunnerServices services =
        new RunnerServices(
            confs,
            new BlockingPool(Runnable::run, Integer.MAX_VALUE),
            contexts,
            new RateLimitedLog(0, () -> nanos),
            () -> nanos,
            null,
            RunnerEvents.NONE,
            new FailureRecorder());
    this.channel = new EmbeddedChannel(new FrameDecoder(), new Connection(services));
    channel.freezeTime();
  }

  /**
   * Prepares a chain as a PrepareConf would, for the calls that follow.
   *
   * @throws ConfException with the message the runner would log
   */
  public void prepare(List<Entry> conf) {
    List<ConfEntry> entries = new ArrayList<>();
    for (Entry entry : conf) {
      entries.add(new ConfEntry(entry.name(), entry.value() == null ? "" : entry.value()));
    }
    token = confs.prepare(new PrepareConf(List.copyOf(entries), null)).token;
  }

  /** The virtual clock filters see through {@code FilterContext.nanoTime()}. */
  public long nanoTime() {
    return nanos;
  }

  /** Moves the virtual clock, running the delays that fall due. */
  public void advance(Duration time) {
    long step = time.toNanos();
    if (step < 0) {
      throw new IllegalArgumentException("time cannot go back");
    }
    nanos += step;
    channel.advanceTimeBy(step, TimeUnit.NANOSECONDS);
    channel.runScheduledPendingTasks();
  }

  public Exchange<RequestReply> request(
      @Nullable Long id,
      byte[] sourceIp,
      String method,
      String path,
      List<Entry> args,
      List<Entry> headers,
      Answers answers) {
    ByteBuffer call =
        ApisixCodec.requestCall(
            id != null ? id : nextId++, token, sourceIp, method, path, args, headers);
    return exchange(Wire.HTTP_REQ_CALL, call, answers, ApisixCodec::requestReply);
  }

  public Exchange<ResponseReply> response(
      @Nullable Long id, int status, List<Entry> headers, Answers answers) {
    ByteBuffer call =
        ApisixCodec.responseCall(id != null ? id : nextId++, token, status, headers);
    return exchange(Wire.HTTP_RESP_CALL, call, answers, ApisixCodec::responseReply);
  }

  private <R> Exchange<R> exchange(
      int type, ByteBuffer call, Answers answers, Function<ByteBuffer, R> decode) {
    failures.clear();
    failedPlugins.clear();
    write(type, call);
    List<ExtraInfoRequest> asked = new ArrayList<>();
    long delayed = 0;
    long waited = 0;
    while (true) {
      channel.runPendingTasks();
      ByteBuf out = channel.readOutbound();
      if (out != null) {
        int replyType;
        ByteBuffer payload;
        try {
          replyType = out.readUnsignedByte();
          out.skipBytes(3);
          payload = ByteBuffer.allocate(out.readableBytes());
          out.readBytes(payload);
          payload.flip();
        } finally {
          out.release();
        }
        if (replyType == Wire.EXTRA_INFO) {
          ExtraInfoRequest request = ApisixCodec.extraInfoRequest(payload);
          asked.add(request);
          write(Wire.EXTRA_INFO, ApisixCodec.extraInfoAnswer(answer(request, answers)));
          continue;
        }
        if (replyType == Wire.ERROR) {
          throw failure(ApisixCodec.errorCode(payload));
        }
        return new Exchange<>(decode.apply(payload), List.copyOf(asked), Duration.ofNanos(delayed));
      }
      long next = channel.runScheduledPendingTasks();
      if (next == 0) {
        continue;
      }
      if (next > 0) {
        // A filter waits on a delay: jump the virtual clock to it.
        nanos += next;
        delayed += next;
        channel.advanceTimeBy(next, TimeUnit.NANOSECONDS);
        continue;
      }
      if (waited++ > FOREIGN_WAIT_MILLIS) {
        throw new RunnerException(
            "the call did not finish: a filter returned a stage that nothing completed in "
                + FOREIGN_WAIT_MILLIS / 1000 + " s");
      }
      sleep();
    }
  }

  private static byte @Nullable [] answer(ExtraInfoRequest request, Answers answers) {
    return switch (request.infoType()) {
      case Info.Var -> answers.var(Objects.requireNonNull(request.var()));
      case Info.ReqBody -> answers.requestBody();
      default -> answers.upstreamBody();
    };
  }

  /** Keeps the filters that failed, to say which and why when the call ends in an Err. */
  private final class FailureRecorder implements FilterObserver {
    @Override
    public @Nullable Object started(FilterRun run) {
      return null;
    }

    @Override
    public void ended(
        FilterRun run,
        @Nullable Object started,
        Outcome outcome,
        long nanos,
        @Nullable Throwable failure) {
      // A malformed header read inside a filter is the message's fault, not the filter's.
      if (failure != null && !(failure instanceof ProtocolException)) {
        failedPlugins.add(run.plugin());
        failures.add(failure);
      }
    }
  }

  private RunnerException failure(int code) {
    if (!failures.isEmpty()) {
      Throwable cause = failures.get(0);
      return new RunnerException(
          "filter \"" + failedPlugins.get(0) + "\" failed: " + cause, cause);
    }
    return new RunnerException("the runner answered the call with Err code " + code);
  }

  private void write(int type, ByteBuffer payload) {
    ByteBuf frame = Unpooled.buffer(Wire.HEADER_LENGTH + payload.remaining());
    frame.writeByte(type).writeMedium(payload.remaining()).writeBytes(payload.duplicate());
    channel.writeInbound(frame);
  }

  private static void sleep() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnerException("interrupted while waiting for the call", e);
    }
  }

  /** The virtual clock, the given randomness, and delays on the embedded loop's timer. */
  private final class VirtualContext implements FilterContext {
    private final EventExecutor loop;
    private final Supplier<RandomGenerator> random;

    VirtualContext(EventExecutor loop, Supplier<RandomGenerator> random) {
      this.loop = loop;
      this.random = random;
    }

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public RandomGenerator random() {
      return random.get();
    }

    @Override
    public CompletionStage<Void> delay(Duration delay) {
      long step = delay.toNanos();
      if (step <= 0) {
        return FilterBinding.DONE;
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.schedule(() -> done.complete(null), step, TimeUnit.NANOSECONDS);
      return done;
    }
  }
}
