package dev.a6.internal.call;

import dev.a6.FilterContext;
import dev.a6.internal.conf.PreparedFilter;
import dev.a6.internal.wire.ProtocolException;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import dev.a6.spi.FilterBinding;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call's filters in order on the chain's thread (the event loop, or the worker pool for a
 * chain with a blocking filter), pausing at a filter whose stage is pending and resuming when it
 * completes, and hands the call back to the event loop to be answered.
 */
final class ChainExecution {
  /** Connection's logger: operators configure and read one logger per connection. */
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** How a call ends; called on the event loop. */
  interface Ending {
    void reply(int call);

    void fail(int call, int code);
  }

  private final RunnerServices services;
  private final Call call;
  private final Outbound out;
  private final Ending ending;
  /** Whether filter runs are timed: for metrics, or for an observer. */
  private final boolean observing;
  /** What metrics count and observers are shown; only used when observing. */
  private final ObservedRun observed;
  private @Nullable EventExecutor loop;
  private @Nullable FilterContext context;

  ChainExecution(RunnerServices services, Call call, Outbound out, Ending ending) {
    this.services = services;
    this.call = call;
    this.out = out;
    this.ending = ending;
    this.observing = services.observer != null || services.events != RunnerEvents.NONE;
    this.observed = new ObservedRun(call);
  }

  void attach(EventExecutor loop, FilterContext context) {
    this.loop = loop;
    this.context = context;
  }

  /** Starts the filters of the running call, on the event loop or the worker pool. */
  void start() {
    int current = call.number();
    Executor executor = call.executor();
    if (executor == loop) {
      runFilters(current);
      return;
    }
    if (!services.blockingPool.tryStart(() -> runFilters(current))) {
      services.logLimiter.warn(
          log,
          "pool full",
          out.name() + ": the blocking worker pool is saturated; answered SERVICE_UNAVAILABLE"
              + " (raise --blocking-threads?)" + Outbound.APISIX_503);
      ending.fail(current, Code.SERVICE_UNAVAILABLE);
    }
  }

  /** Runs filters on the chain's thread until one is pending or all ran. */
  private void runFilters(int current) {
    boolean requestPhase = call.isRequestPhase();
    FilterContext filterContext = context();
    while (true) {
      // Checked before taking the next filter: a late worker must not touch a newer call.
      if (current != call.number()) {
        return;
      }
      PreparedFilter<?> filter = call.nextFilter();
      if (filter == null) {
        break;
      }
      if (observing) {
        observeStart(filter, requestPhase);
      }
      CompletionStage<Void> stage;
      try {
        stage =
            requestPhase
                ? filter.onRequest(call.request, call.response, filterContext)
                : filter.onResponse(call.upstream, filterContext);
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
          PreparedFilter<?> pending = filter;
          future.whenComplete((ignored, failure) -> resume(current, pending, failure));
          return;
        }
        Throwable failure = failureOf(future);
        if (failure != null) {
          filterFailed(current, filter, failure);
          return;
        }
      }
      if (observing) {
        observeEnd(null);
      }
      if (requestPhase && call.response.isStopped()) {
        break;
      }
    }
    toLoop(current);
  }

  private void resume(int current, PreparedFilter<?> filter, @Nullable Throwable failure) {
    if (current != call.number()) {
      return;
    }
    Runnable next =
        () -> {
          if (failure != null) {
            filterFailed(current, filter, unwrap(failure));
            return;
          }
          if (observing) {
            observeEnd(null);
          }
          if (call.isRequestPhase() && call.response.isStopped()) {
            toLoop(current);
          } else {
            runFilters(current);
          }
        };
    try {
      call.executor().execute(next);
    } catch (RejectedExecutionException stopping) {
      // Only a pool that was shut down refuses a continuation: the runner is stopping.
      loop().execute(() -> ending.fail(current, Code.SERVICE_UNAVAILABLE));
    }
  }

  private void filterFailed(int current, PreparedFilter<?> filter, Throwable failure) {
    if (observing) {
      observeEnd(failure);
    }
    int code;
    if (failure instanceof ProtocolException malformed) {
      // Headers and args are checked when first read, which can be inside a filter.
      services.logLimiter.warn(
          log,
          "malformed " + call.message.type(),
          out.name() + ": " + malformed.getMessage() + "; answered BAD_REQUEST"
              + Outbound.APISIX_503);
      code = Code.BAD_REQUEST;
    } else {
      long suppressed =
          services.logLimiter.permit(
              "filter " + filter.name() + " " + failure.getClass().getName());
      if (suppressed >= 0) {
        log.error(
            "{}: filter \"{}\" failed in {} (id {}), answered SERVICE_UNAVAILABLE{}{}",
            out.name(),
            filter.name(),
            Wire.typeName(call.message.type()),
            call.message.id(),
            Outbound.APISIX_503,
            RateLimitedLog.suppressedSuffix(suppressed),
            failure);
      }
      code = Code.SERVICE_UNAVAILABLE;
    }
    EventExecutor loop = loop();
    if (loop.inEventLoop()) {
      ending.fail(current, code);
    } else {
      loop.execute(() -> ending.fail(current, code));
    }
  }

  /** A filter is about to run; an observer that throws is logged, not fatal. */
  private void observeStart(PreparedFilter<?> filter, boolean requestPhase) {
    try {
      observed.start(services.observer, filter, requestPhase, services.nanoClock);
    } catch (RuntimeException e) {
      observerFailed(e);
    }
  }

  private void observeEnd(@Nullable Throwable failure) {
    try {
      observed.end(services.events, services.observer, services.nanoClock.getAsLong(), failure);
    } catch (RuntimeException e) {
      observerFailed(e);
    }
  }

  private void observerFailed(RuntimeException e) {
    String observer =
        services.observer == null ? "of the metrics" : services.observer.getClass().getName();
    long suppressed = services.logLimiter.permit("observer " + observer);
    if (suppressed >= 0) {
      log.warn(
          "{}: the filter observer {} failed; the call goes on{}",
          out.name(),
          observer,
          RateLimitedLog.suppressedSuffix(suppressed),
          e);
    }
  }

  /** Continues on the event loop with the reply; the chain may have run on a worker. */
  private void toLoop(int current) {
    EventExecutor loop = loop();
    if (loop.inEventLoop()) {
      ending.reply(current);
    } else {
      loop.execute(() -> ending.reply(current));
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

  private EventExecutor loop() {
    return Objects.requireNonNull(loop, "handler not added");
  }

  private FilterContext context() {
    return Objects.requireNonNull(context, "handler not added");
  }
}
