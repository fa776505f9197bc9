package dev.a6.internal.call;

import dev.a6.FilterContext;
import dev.a6.internal.conf.ConfCache;
import dev.a6.spi.FilterObserver;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.BiConsumer;
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
  /** Told of every filter failure (plugin name, cause), after it is logged. */
  final BiConsumer<String, Throwable> filterFailures;
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
    this(confs, blockingPool, contexts, logLimiter, nanoClock, (plugin, cause) -> {});
  }

  public RunnerServices(
      ConfCache confs,
      BlockingPool blockingPool,
      Function<EventExecutor, FilterContext> contexts,
      RateLimitedLog logLimiter,
      LongSupplier nanoClock,
      BiConsumer<String, Throwable> filterFailures) {
    this(confs, blockingPool, contexts, logLimiter, nanoClock, filterFailures, null);
  }

  public RunnerServices(
      ConfCache confs,
      BlockingPool blockingPool,
      Function<EventExecutor, FilterContext> contexts,
      RateLimitedLog logLimiter,
      LongSupplier nanoClock,
      BiConsumer<String, Throwable> filterFailures,
      @Nullable RpcLog rpcLog) {
    this(
        confs, blockingPool, contexts, logLimiter, nanoClock, filterFailures, rpcLog,
        RunnerEvents.NONE, null);
  }

  public RunnerServices(
      ConfCache confs,
      BlockingPool blockingPool,
      Function<EventExecutor, FilterContext> contexts,
      RateLimitedLog logLimiter,
      LongSupplier nanoClock,
      BiConsumer<String, Throwable> filterFailures,
      @Nullable RpcLog rpcLog,
      RunnerEvents events,
      @Nullable FilterObserver observer) {
    this.confs = confs;
    this.blockingPool = blockingPool;
    this.contexts = contexts;
    this.logLimiter = logLimiter;
    this.nanoClock = nanoClock;
    this.filterFailures = filterFailures;
    this.rpcLog = rpcLog;
    this.events = events;
    this.observer = observer;
  }
}
