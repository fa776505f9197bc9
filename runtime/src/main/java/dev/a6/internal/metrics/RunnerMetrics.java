package dev.a6.internal.metrics;

import dev.a6.internal.call.RunnerEvents;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.spi.FilterObserver.Outcome;
import dev.a6.spi.FilterObserver.Phase;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runner's Prometheus metrics. What calls count is kept in a6's own counters, made at start-up
 * for every series, and turned into the Prometheus client's snapshots only when scraped: filter
 * runs in {@link FilterCounts}, per thread, where a run costs three plain stores at an index given
 * by the plugin's number, with no lock, atomic instruction or allocation; the rarer PrepareConfs,
 * Errs and ExtraInfo requests in {@link LongAdder}s. Label values come from the runner's own plugin names and fixed sets, never from a
 * request, so the series are bounded.
 */
public final class RunnerMetrics implements RunnerEvents {
  /**
   * Upper bounds of the filter time buckets, in nanoseconds: most filters take microseconds,
   * blocking ones up to seconds.
   */
  private static final long[] BUCKET_NANOS = {
    5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000,
    10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000, 500_000_000, 1_000_000_000,
    2_500_000_000L, 5_000_000_000L, 10_000_000_000L
  };

  /** The same bounds in seconds, and +Inf, as the snapshots want them. */
  private static final double[] BUCKET_SECONDS = new double[BUCKET_NANOS.length + 1];

  static {
    for (int i = 0; i < BUCKET_NANOS.length; i++) {
      BUCKET_SECONDS[i] = BUCKET_NANOS[i] / 1e9;
    }
    BUCKET_SECONDS[BUCKET_NANOS.length] = Double.POSITIVE_INFINITY;
  }

  private static final Phase[] PHASES = Phase.values();
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final ConfFailure[] CONF_FAILURES = ConfFailure.values();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  /**
   * The plugins in the registry's order: a plugin's number ({@code PreparedFilter.number}) is its
   * index here, and its series are {@code number * PHASES.length + phase.ordinal()}.
   */
  private final List<String> pluginNames;
  private final FilterCounts filterRuns;

  private final LongAdder confsPrepared = new LongAdder();
  private final LongAdder[] confFailures = adders(CONF_FAILURES.length);
  private final LongAdder[] errorReplies = adders(Code.names.length);
  private final LongAdder[] extraInfoRequests = adders(Info.names.length);

  /** @param pluginNames the runner's plugins, in its registry's order */
  public RunnerMetrics(Collection<String> pluginNames) {
    this.pluginNames = List.copyOf(pluginNames);
    this.filterRuns =
        new FilterCounts(this.pluginNames.size() * PHASES.length, OUTCOMES.length, BUCKET_NANOS);
    registry.register((MultiCollector) this::collect);
  }

  /** Registers the gauges and counters read from the runner at each scrape. */
  public void watch(RunnerState state) {
    GaugeWithCallback.builder()
        .name("a6_connections")
        .help("Open connections from APISIX")
        .callback(gauge -> gauge.call(state.connections()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("a6_calls_in_flight")
        .help("Calls received and not yet answered")
        .callback(gauge -> gauge.call(state.callsInFlight()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("a6_blocking_pool_queued")
        .help("Chains and continuations waiting for a blocking worker thread")
        .callback(gauge -> gauge.call(state.blockingQueued()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("a6_blocking_pool_active")
        .help("Blocking worker threads running a chain")
        .callback(gauge -> gauge.call(state.blockingActive()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("a6_conf_cache_entries")
        .help("Prepared confs held")
        .callback(gauge -> gauge.call(state.cachedConfs()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("a6_conf_cache_chars")
        .help("Conf text the held confs hold, in characters (bounded by --conf-cache-bytes)")
        .callback(gauge -> gauge.call(state.cachedConfBytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("a6_conf_cache_removals_total")
        .help(
            "Prepared confs removed: evicted (the cache was full; APISIX prepares them again) or"
                + " expired (unused for the TTL)")
        .labelNames("reason")
        .callback(
            counter -> {
              counter.call(state.evictedConfs(), "evicted");
              counter.call(state.expiredConfs(), "expired");
            })
        .register(registry);
  }

  PrometheusRegistry registry() {
    return registry;
  }

  // ------------------------------------------------------------------------------ hot path

  @Override
  public void filterRan(int plugin, Phase phase, Outcome outcome, long nanos) {
    if (plugin >= 0 && plugin < pluginNames.size()) { // always: numbered from the same registry
      filterRuns.record(plugin * PHASES.length + phase.ordinal(), outcome.ordinal(), nanos);
    }
  }

  @Override
  public void confPrepared() {
    confsPrepared.increment();
  }

  @Override
  public void confFailed(ConfFailure reason) {
    confFailures[reason.ordinal()].increment();
  }

  @Override
  public void errorReplied(int code) {
    if (code >= 0 && code < errorReplies.length) {
      errorReplies[code].increment();
    }
  }

  @Override
  public void extraInfoAsked(int infoType) {
    if (infoType > 0 && infoType < extraInfoRequests.length) {
      extraInfoRequests[infoType].increment();
    }
  }

  // ------------------------------------------------------------------------------ scrape

  /** The counted metrics as the Prometheus client's snapshots; runs at each scrape. */
  private MetricSnapshots collect() {
    CounterSnapshot.Builder calls =
        CounterSnapshot.builder()
            .name("a6_filter_calls")
            .help("Filter runs by plugin, phase and outcome (continue, rewrite, stop, error)");
    HistogramSnapshot.Builder seconds =
        HistogramSnapshot.builder()
            .name("a6_filter_duration_seconds")
            .help("Time a filter took, its asynchronous stage included")
            .unit(Unit.SECONDS);
    long[] counts = filterRuns.snapshot();
    for (int plugin = 0; plugin < pluginNames.size(); plugin++) {
      String name = pluginNames.get(plugin);
      for (Phase phase : PHASES) {
        int series = plugin * PHASES.length + phase.ordinal();
        for (Outcome outcome : OUTCOMES) {
          calls.dataPoint(
              CounterSnapshot.CounterDataPointSnapshot.builder()
                  .value(counts[filterRuns.slot(series, FilterCounts.OUTCOMES + outcome.ordinal())])
                  .labels(
                      Labels.of("plugin", name, "phase", label(phase), "outcome", label(outcome)))
                  .build());
        }
        long[] buckets = new long[BUCKET_SECONDS.length];
        for (int i = 0; i < buckets.length; i++) {
          buckets[i] = counts[filterRuns.slot(series, filterRuns.bucketOffset() + i)];
        }
        seconds.dataPoint(
            HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(BUCKET_SECONDS, buckets))
                .sum(counts[filterRuns.slot(series, FilterCounts.NANOS)] / 1e9)
                .labels(Labels.of("plugin", name, "phase", label(phase)))
                .build());
      }
    }

    CounterSnapshot.Builder prepareConfs =
        CounterSnapshot.builder()
            .name("a6_prepare_conf")
            .help("PrepareConf requests by result: ok, or why the conf was refused")
            .dataPoint(counter(confsPrepared, Labels.of("result", "ok")));
    for (ConfFailure failure : CONF_FAILURES) {
      prepareConfs.dataPoint(
          counter(confFailures[failure.ordinal()], Labels.of("result", label(failure))));
    }

    CounterSnapshot.Builder errors =
        CounterSnapshot.builder()
            .name("a6_error_replies")
            .help(
                "Err replies by code; APISIX answers each with 503 (or passes the request on if"
                    + " allow_degradation is on), except conf_token_not_found, which it retries");
    for (int code = 0; code < Code.names.length; code++) {
      errors.dataPoint(
          counter(
              errorReplies[code],
              Labels.of("code", Code.names[code].toLowerCase(Locale.ROOT))));
    }

    CounterSnapshot.Builder extraInfo =
        CounterSnapshot.builder()
            .name("a6_extra_info_requests")
            .help(
                "ExtraInfo round trips asked of APISIX, by kind: var, request_body, response_body");
    for (int kind = 1; kind < Info.names.length; kind++) {
      extraInfo.dataPoint(counter(extraInfoRequests[kind], Labels.of("kind", infoLabel(kind))));
    }
    return MetricSnapshots.of(
        calls.build(), seconds.build(), prepareConfs.build(), errors.build(), extraInfo.build());
  }

  private static CounterSnapshot.CounterDataPointSnapshot counter(LongAdder count, Labels labels) {
    return CounterSnapshot.CounterDataPointSnapshot.builder()
        .value(count.sum())
        .labels(labels)
        .build();
  }

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  // ------------------------------------------------------------------------------ labels

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String infoLabel(int kind) {
    return switch (kind) {
      case Info.Var -> "var";
      case Info.ReqBody -> "request_body";
      case Info.RespBody -> "response_body";
      default -> Info.names[kind].toLowerCase(Locale.ROOT);
    };
  }
}
