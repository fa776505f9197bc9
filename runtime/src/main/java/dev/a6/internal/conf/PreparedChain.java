package dev.a6.internal.conf;

import dev.a6.internal.wire.Messages.ConfEntry;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding.Execution;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The plugins of one PrepareConf, in conf order, ready to run: what a conf token stands for.
 * Immutable except for the time of last use, which keeps it alive in the cache.
 */
public final class PreparedChain {
  public final long token;
  final @Nullable String key;
  /** The conf as received, to tell whether a repeated key still means the same chain. */
  final List<ConfEntry> conf;

  public final PreparedFilter<?>[] requestFilters;
  public final PreparedFilter<?>[] responseFilters;
  public final FetchPlan requestFetch;
  public final FetchPlan responseFetch;
  public final boolean requestBlocks;
  public final boolean responseBlocks;

  /** The conf text's size (names and values, in chars), for the cache's byte bound. */
  final long confBytes;

  /** Every plugin once, in conf order, for closing. */
  private final List<PreparedFilter<?>> filters;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastUsedNanos;

  PreparedChain(
      long token,
      @Nullable String key,
      List<ConfEntry> conf,
      List<PreparedFilter<?>> filters,
      long nowNanos) {
    this(token, key, conf, filters, FetchPlan.NONE, nowNanos);
  }

  PreparedChain(
      long token,
      @Nullable String key,
      List<ConfEntry> conf,
      List<PreparedFilter<?>> filters,
      FetchPlan observerResponseFetch,
      long nowNanos) {
    this.token = token;
    this.key = key;
    this.conf = conf;
    this.filters = List.copyOf(filters);
    long size = 0;
    for (ConfEntry entry : conf) {
      size += entry.name().length() + entry.value().length();
    }
    this.confBytes = size;
    List<PreparedFilter<?>> onRequest = new ArrayList<>();
    List<PreparedFilter<?>> onResponse = new ArrayList<>();
    FetchPlan requestPlan = FetchPlan.NONE;
    FetchPlan responsePlan = FetchPlan.NONE;
    boolean requestBlocking = false;
    boolean responseBlocking = false;
    for (PreparedFilter<?> filter : filters) {
      Execution request = filter.binding().onRequestExecution();
      if (request != Execution.NONE) {
        onRequest.add(filter);
        requestPlan = requestPlan.plus(requestFetch(filter));
        requestBlocking |= request == Execution.BLOCKING;
      }
      Execution response = filter.binding().onResponseExecution();
      if (response != Execution.NONE) {
        onResponse.add(filter);
        responsePlan = responsePlan.plus(responseFetch(filter));
        responseBlocking |= response == Execution.BLOCKING;
      }
    }
    this.requestFilters = onRequest.toArray(PreparedFilter<?>[]::new);
    this.responseFilters = onResponse.toArray(PreparedFilter<?>[]::new);
    // Only the response phase has an upstream body to fetch.
    this.requestFetch =
        new FetchPlan(requestPlan.vars(), requestPlan.requestBody(), false);
    this.responseFetch =
        onResponse.isEmpty() ? responsePlan : responsePlan.plus(observerResponseFetch);
    this.requestBlocks = requestBlocking;
    this.responseBlocks = responseBlocking;
    this.lastUsedNanos = nowNanos;
  }

  private static <P extends @Nullable Object> FetchPlan requestFetch(PreparedFilter<P> filter) {
    return filter.binding().requestFetch(filter.prepared());
  }

  private static <P extends @Nullable Object> FetchPlan responseFetch(PreparedFilter<P> filter) {
    return filter.binding().responseFetch(filter.prepared());
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  /**
   * Records a use. Skips the write (every call makes one, from every IO thread) when the clock
   * moved less than {@code granularityNanos} since the last record: a small share of the TTL.
   */
  void touch(long nowNanos, long granularityNanos) {
    if (nowNanos - lastUsedNanos >= granularityNanos) {
      lastUsedNanos = nowNanos;
    }
  }

  /**
   * Closes the plugins' state that is {@link AutoCloseable}, once however often it is called: the
   * chain left the cache (expired, evicted, replaced in a race, or the runner stopped).
   */
  void close() {
    if (closed.compareAndSet(false, true)) {
      closeAll(filters);
    }
  }

  /** Closes the state of prepared plugins that belong to no published chain, or to one closing. */
  static void closeAll(List<PreparedFilter<?>> filters) {
    for (PreparedFilter<?> filter : filters) {
      filter.close();
    }
  }

  /** The PrepareConf key the chain was prepared for, or {@code null}. */
  public @Nullable String key() {
    return key;
  }

  public List<String> pluginNames() {
    List<String> names = new ArrayList<>();
    for (ConfEntry entry : conf) {
      names.add(entry.name());
    }
    return names;
  }
}
