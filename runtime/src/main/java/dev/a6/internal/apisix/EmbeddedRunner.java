package dev.a6.internal.apisix;

import dev.a6.internal.call.BlockingPool;
import dev.a6.internal.call.Connection;
import dev.a6.internal.call.LoopContext;
import dev.a6.internal.call.RateLimitedLog;
import dev.a6.internal.call.RunnerEvents;
import dev.a6.internal.call.RunnerServices;
import dev.a6.internal.conf.ConfCache;
import dev.a6.internal.conf.TokenSource;
import dev.a6.internal.metrics.RunnerMetrics;
import dev.a6.internal.transport.FrameDecoder;
import dev.a6.spi.FilterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a runner, on an embedded channel: the runner's own frame decoder and
 * connection handler, with nothing in between. Frames written inbound are handled exactly as on a
 * socket; replies are read outbound. For benchmarks and tools that must measure or capture what a
 * runner does without a socket.
 */
public final class EmbeddedRunner {
  private EmbeddedRunner() {}

  /**
   * A connection of a runner serving {@code registry}: tokens live an hour, chains with a blocking
   * filter run in place (so that replies are ready when the write returns), repeated log lines are
   * limited as in a runner.
   */
  public static EmbeddedChannel connection(FilterRegistry registry) {
    return connection(registry, false);
  }

  /**
   * As {@link #connection(FilterRegistry)}, counting into the runner's Prometheus metrics when
   * {@code metrics} is true (without serving them), as {@code --metrics-listen} does.
   */
  public static EmbeddedChannel connection(FilterRegistry registry, boolean metrics) {
    RunnerMetrics counted = null;
    if (metrics) {
      List<String> names = new ArrayList<>();
      registry.filters().forEach(binding -> names.add(binding.name()));
      counted = new RunnerMetrics(names);
    }
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
            System::nanoTime,
            null,
            counted == null ? RunnerEvents.NONE : counted,
            null);
    return new EmbeddedChannel(new FrameDecoder(), new Connection(services));
  }
}
