package dev.a6.internal.call;

import dev.a6.internal.conf.PreparedChain;
import dev.a6.internal.conf.PreparedFilter;
import dev.a6.internal.wire.CallMessage;
import dev.a6.internal.wire.Wire;
import dev.a6.spi.FetchPlan;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The call on one connection, reused from call to call: its state, its number, the chain it runs
 * and the views its filters see.
 *
 * <p>The states and their transitions, each made by one method below:
 *
 * <pre>
 *            beginPrepare              endPrepare
 *   IDLE ──────────────────▶ PREPARING ──────────▶ IDLE      (a PrepareConf of a blocking chain)
 *   IDLE ── begin ─▶ FETCHING ── fetched ─▶ RUNNING ── end ─▶ IDLE
 *   IDLE ── begin ─────────────────────────▶ RUNNING          (nothing to prefetch)
 *   any ─── close ─▶ CLOSED                                   (APISIX closed the connection)
 * </pre>
 *
 * <p>Every transition out of a call moves its number on, so that work still running for an
 * earlier call (a filter's stage completing late, a prepared chain arriving from the pool) finds a
 * different number and does nothing. Everything here is confined to the connection's event loop,
 * but for {@link #number} and {@link #isBusy}, which the worker pool and {@code Server.stop} read.
 */
final class Call {
  enum State {
    IDLE,
    /** A PrepareConf whose chain is being prepared on the worker pool. */
    PREPARING,
    /** The ExtraInfo the chain declared has been asked for; the answers come in order. */
    FETCHING,
    /** The filters run, on the event loop or, for a chain with a blocking filter, on the pool. */
    RUNNING,
    CLOSED
  }

  private static final PreparedFilter<?>[] NO_FILTERS = {};

  final CallMessage message = new CallMessage();
  final Fetched fetched = new Fetched();
  final RequestView request;
  final ClientResponse response = new ClientResponse();
  final UpstreamView upstream;

  private State state = State.IDLE;
  private volatile int number;
  private volatile boolean busy;
  private long startNanos;
  private int extraInfoRounds;

  private @Nullable PreparedChain chain;
  private PreparedFilter<?>[] filters = NO_FILTERS;
  private int nextFilter;
  private @Nullable Executor executor;
  private FetchPlan prefetch = FetchPlan.NONE;

  Call(Fetcher fetcher) {
    this.request = new RequestView(message, fetched, fetcher);
    this.upstream = new UpstreamView(message, fetched, fetcher);
  }

  // ------------------------------------------------------------------------------ transitions

  /** IDLE → PREPARING; returns the number the prepared chain must find to be answered. */
  int beginPrepare(long nowNanos) {
    expect(State.IDLE);
    state = State.PREPARING;
    busy = true;
    startNanos = nowNanos;
    return ++number;
  }

  /** PREPARING → IDLE, if the call is still {@code current}; false when it is not. */
  boolean endPrepare(int current) {
    if (current != number || state != State.PREPARING) {
      return false;
    }
    state = State.IDLE;
    busy = false;
    return true;
  }

  /**
   * IDLE → FETCHING, or → RUNNING when the chain declared nothing to fetch: the call received in
   * {@link #message} starts with {@code chain}, on {@code loop} or, for a blocking chain, {@code
   * pool}.
   */
  int begin(PreparedChain chain, Executor loop, Executor pool, long nowNanos) {
    expect(State.IDLE);
    boolean requestPhase = message.type() == Wire.HTTP_REQ_CALL;
    this.chain = chain;
    filters = requestPhase ? chain.requestFilters : chain.responseFilters;
    executor = (requestPhase ? chain.requestBlocks : chain.responseBlocks) ? pool : loop;
    prefetch = requestPhase ? chain.requestFetch : chain.responseFetch;
    nextFilter = 0;
    extraInfoRounds = 0;
    busy = true;
    startNanos = nowNanos;
    state = prefetch.isEmpty() ? State.RUNNING : State.FETCHING;
    return ++number;
  }

  /** FETCHING → RUNNING: every prefetched answer has arrived. */
  void fetched() {
    expect(State.FETCHING);
    state = State.RUNNING;
  }

  /** → IDLE after the call's reply was sent: the views are cleared for the next call. */
  void end() {
    number++;
    state = State.IDLE;
    chain = null;
    filters = NO_FILTERS;
    nextFilter = 0;
    prefetch = FetchPlan.NONE;
    executor = null;
    busy = false;
    request.reset();
    response.reset();
    upstream.reset();
    fetched.clear();
  }

  /** → CLOSED: APISIX closed the connection; whatever was running will find it over. */
  void close() {
    number++;
    state = State.CLOSED;
    busy = false;
  }

  private void expect(State expected) {
    if (state != expected) {
      throw new IllegalStateException("call is " + state + ", not " + expected);
    }
  }

  // ------------------------------------------------------------------------------ reading

  State state() {
    return state;
  }

  /** The number of the call in progress; safe from any thread. */
  int number() {
    return number;
  }

  /** Whether {@code current} is still the call in progress, and the connection open. */
  boolean isCurrent(int current) {
    return current == number && state != State.CLOSED;
  }

  /** Whether a call is between its request and its reply; safe from any thread. */
  boolean isBusy() {
    return busy;
  }

  boolean isRequestPhase() {
    return message.type() == Wire.HTTP_REQ_CALL;
  }

  long startNanos() {
    return startNanos;
  }

  /** One more ExtraInfo answer arrived for this call. */
  void countExtraInfo() {
    extraInfoRounds++;
  }

  int extraInfoRounds() {
    return extraInfoRounds;
  }

  /** The PrepareConf key of the running call's chain, or {@code null}. */
  @Nullable String key() {
    return chain == null ? null : chain.key();
  }

  PreparedFilter<?>[] filters() {
    return filters;
  }

  /** The next filter to run, or {@code null} when all have run. */
  @Nullable PreparedFilter<?> nextFilter() {
    return nextFilter < filters.length ? filters[nextFilter++] : null;
  }

  Executor executor() {
    return Objects.requireNonNull(executor, "no call running");
  }

  FetchPlan prefetch() {
    return prefetch;
  }
}
