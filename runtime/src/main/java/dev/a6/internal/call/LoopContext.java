package dev.a6.internal.call;

import dev.a6.FilterContext;
import dev.a6.spi.FilterBinding;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/** The real clock and randomness; delays are timers of the connection's event loop. */
public final class LoopContext implements FilterContext {
  private final EventExecutor loop;

  public LoopContext(EventExecutor loop) {
    this.loop = loop;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public RandomGenerator random() {
    return ThreadLocalRandom.current();
  }

  @Override
  public CompletionStage<Void> delay(Duration delay) {
    long nanos = delay.toNanos();
    if (nanos <= 0) {
      return FilterBinding.DONE;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.schedule(() -> done.complete(null), nanos, TimeUnit.NANOSECONDS);
    return done;
  }
}
