package dev.a6.internal;

import dev.a6.internal.Messages.ConfEntry;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding.Execution;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The plugins of one PrepareConf, in conf order, ready to run: what a conf token stands for.
 * Immutable except for the time of last use, which keeps it alive in the cache.
 */
final class PreparedChain {
  final long token;
  final @Nullable String key;
  /** The conf as received, to tell whether a repeated key still means the same chain. */
  final List<ConfEntry> conf;

  final PreparedFilter<?>[] requestFilters;
  final PreparedFilter<?>[] responseFilters;
  final FetchPlan requestFetch;
  final FetchPlan responseFetch;
  final boolean requestBlocks;
  final boolean responseBlocks;

  private volatile long lastUsedNanos;

  PreparedChain(
      long token,
      @Nullable String key,
      List<ConfEntry> conf,
      List<PreparedFilter<?>> filters,
      long nowNanos) {
    this.token = token;
    this.key = key;
    this.conf = conf;
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
    this.responseFetch = responsePlan;
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

  /** Records a use. Skips the write when the clock has not moved enough to matter. */
  void touch(long nowNanos) {
    if (nowNanos - lastUsedNanos > 1_000_000_000L) {
      lastUsedNanos = nowNanos;
    }
  }

  List<String> pluginNames() {
    List<String> names = new ArrayList<>();
    for (ConfEntry entry : conf) {
      names.add(entry.name());
    }
    return names;
  }
}
