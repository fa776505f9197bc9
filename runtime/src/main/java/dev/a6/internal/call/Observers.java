package dev.a6.internal.call;

import dev.a6.spi.FilterObserver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Several filter observers shown each run in turn, as one. */
public final class Observers implements FilterObserver {
  private final FilterObserver[] observers;

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
      started[i] = observers[i].started(run);
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
      observers[i].ended(run, each == null ? null : each[i], outcome, nanos, failure);
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
