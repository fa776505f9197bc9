package dev.a6.internal.call;

import dev.a6.spi.FilterObserver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several filter observers shown each run in turn, as one. One that throws is logged (once per
 * 10 s) and does not keep the others from seeing the run.
 */
public final class Observers implements FilterObserver {
  /** Connection's logger: operators configure and read one logger per connection. */
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private final FilterObserver[] observers;
  private final RateLimitedLog limiter =
      new RateLimitedLog(TimeUnit.SECONDS.toNanos(10), System::nanoTime);

  private Observers(List<FilterObserver> observers) {
    this.observers = observers.toArray(FilterObserver[]::new);
  }

  /** The observers as one, or {@code null} if there are none: runs then are not observed. */
  public static @Nullable FilterObserver of(List<? extends FilterObserver> observers) {
    return switch (observers.size()) {
      case 0 -> null;
      case 1 -> observers.get(0);
      default -> new Observers(List.copyOf(observers));
    };
  }

  @Override
  public @Nullable Object started(FilterRun run) {
    Object[] started = new Object[observers.length];
    for (int i = 0; i < observers.length; i++) {
      try {
        started[i] = observers[i].started(run);
      } catch (RuntimeException e) {
        failed(observers[i], e);
      }
    }
    return started;
  }

  @Override
  public void ended(
      FilterRun run,
      @Nullable Object started,
      Outcome outcome,
      long nanos,
      @Nullable Throwable failure) {
    Object[] each = (Object[]) started;
    for (int i = 0; i < observers.length; i++) {
      try {
        observers[i].ended(run, each == null ? null : each[i], outcome, nanos, failure);
      } catch (RuntimeException e) {
        failed(observers[i], e);
      }
    }
  }

  private void failed(FilterObserver observer, RuntimeException e) {
    String name = observer.getClass().getName();
    long suppressed = limiter.permit(name);
    if (suppressed >= 0) {
      log.warn(
          "the filter observer {} failed; the call goes on{}",
          name,
          RateLimitedLog.suppressedSuffix(suppressed),
          e);
    }
  }

  @Override
  public List<String> responseVars() {
    LinkedHashSet<String> vars = new LinkedHashSet<>();
    for (FilterObserver observer : observers) {
      vars.addAll(observer.responseVars());
    }
    return new ArrayList<>(vars);
  }
}
