package dev.a6.internal.call;

import dev.a6.FilterContext;
import dev.a6.internal.conf.ConfCache;
import dev.a6.spi.FilterObserver;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** What every connection of a runner shares. */
public final class RunnerServices {
  public final ConfCache confs;
  /** Runs the chains that contain a blocking filter. */
  final BlockingPool blockingPool;
  /** The filter context of a connection, given its event loop. */
  final Function<EventExecutor, FilterContext> contexts;
  final RateLimitedLog logLimiter;
  final LongSupplier nanoClock;
  /** {@code --log-rpc}, or {@code null} when off. */
  final @Nullable RpcLog rpcLog;
  /** Told of PrepareConfs, Errs and ExtraInfo requests. */
  final RunnerEvents events;
  /** Told of every filter run, or {@code null}: then filters are not even timed. */
  final @Nullable FilterObserver observer;

  public RunnerServices(
      ConfCache confs,
      BlockingPool blockingPool,
      Function<EventExecutor, FilterContext> contexts,
      RateLimitedLog logLimiter,
      LongSupplier nanoClock) {
    this(confs, blockingPool, contexts, logLimiter, nanoClock, null, RunnerEvents.NONE, null);
  }

  public RunnerServices(
      ConfCache confs,
      BlockingPool blockingPool,
      Function<EventExecutor, FilterContext> contexts,
      RateLimitedLog logLimiter,
      LongSupplier nanoClock,
      @Nullable RpcLog rpcLog,
      RunnerEvents events,
      @Nullable FilterObserver observer) {
    this.confs = confs;
    this.blockingPool = blockingPool;
    this.contexts = contexts;
    this.logLimiter = logLimiter;
    this.nanoClock = nanoClock;
    this.rpcLog = rpcLog;
    this.events = events;
    this.observer = observer;
  }
}
