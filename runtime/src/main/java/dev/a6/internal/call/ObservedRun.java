package dev.a6.internal.call;

import dev.a6.internal.conf.PreparedFilter;
import dev.a6.spi.FilterObserver;
import dev.a6.spi.FilterObserver.FilterRun;
import dev.a6.spi.FilterObserver.Outcome;
import dev.a6.spi.FilterObserver.Phase;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The filter of a call that observers are shown: one per connection, reused from filter to
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

  /** Shows the observer a filter about to run. */
  void start(FilterObserver observer, PreparedFilter<?> filter, boolean requestPhase, long now) {
    this.filter = filter;
    this.phase = requestPhase ? Phase.REQUEST : Phase.RESPONSE;
    this.editsBefore = edits();
    this.startNanos = now;
    this.started = observer.started(this);
  }

  /** Shows the observer that the filter started last finished; {@code failure} if it failed. */
  void end(FilterObserver observer, long now, @Nullable Throwable failure) {
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
    Object token = started;
    started = null;
    observer.ended(this, token, outcome, now - startNanos, failure);
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
