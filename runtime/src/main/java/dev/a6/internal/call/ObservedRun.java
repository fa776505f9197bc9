package dev.a6.internal.call;

import dev.a6.internal.conf.PreparedFilter;
import dev.a6.spi.FilterObserver;
import dev.a6.spi.FilterObserver.FilterRun;
import dev.a6.spi.FilterObserver.Outcome;
import dev.a6.spi.FilterObserver.Phase;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The filter of a call that metrics count and observers are shown: one per connection, reused from filter to
 * filter, so that observing allocates nothing. A call runs one filter at a time, so the filter
 * that started is the one that ends, even when its stage completes on another thread.
 */
final class ObservedRun implements FilterRun {
  private final Call call;
  private @Nullable PreparedFilter<?> filter;
  private Phase phase = Phase.REQUEST;
  private @Nullable Object started;
  private long startNanos;
  private int editsBefore;

  ObservedRun(Call call) {
    this.call = call;
  }

  /**
   * A filter is about to run: shown to the observer, if there is one, and then timed, so that
   * the observer's own time (a span started) is not the filter's.
   */
  void start(
      @Nullable FilterObserver observer,
      PreparedFilter<?> filter,
      boolean requestPhase,
      LongSupplier clock) {
    this.filter = filter;
    this.phase = requestPhase ? Phase.REQUEST : Phase.RESPONSE;
    this.editsBefore = edits();
    this.started = observer == null ? null : observer.started(this);
    this.startNanos = clock.getAsLong();
  }

  /**
   * The filter started last finished, having failed with {@code failure} if not null: told to
   * the events, then to the observer.
   */
  void end(
      RunnerEvents events,
      @Nullable FilterObserver observer,
      long now,
      @Nullable Throwable failure) {
    Outcome outcome;
    if (failure != null) {
      outcome = Outcome.ERROR;
    } else if (phase == Phase.REQUEST && call.response.isStopped()) {
      outcome = Outcome.STOP;
    } else if (edits() != editsBefore) {
      outcome = Outcome.REWRITE;
    } else {
      outcome = Outcome.CONTINUE;
    }
    long nanos = now - startNanos;
    events.filterRan(Objects.requireNonNull(filter).number(), phase, outcome, nanos);
    Object token = started;
    started = null;
    if (observer != null) {
      observer.ended(this, token, outcome, nanos, failure);
    }
  }

  private int edits() {
    return phase == Phase.REQUEST
        ? call.request.edits() + call.response.edits()
        : call.upstream.edits();
  }

  @Override
  public String plugin() {
    return Objects.requireNonNull(filter, "no filter started").name();
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public @Nullable String routeKey() {
    return call.key();
  }

  @Override
  public long requestId() {
    return call.message.id();
  }

  @Override
  public @Nullable String requestHeader(String name) {
    if (phase == Phase.REQUEST) {
      return call.request.header(name);
    }
    return call.fetched.varIfFetched(
        "http_" + name.toLowerCase(Locale.ROOT).replace('-', '_'));
  }
}
