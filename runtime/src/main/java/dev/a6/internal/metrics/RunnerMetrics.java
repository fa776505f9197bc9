package dev.a6.internal.metrics;

import dev.a6.internal.call.RunnerEvents;
import dev.a6.internal.wire.err.Code;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.spi.FilterObserver;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The runner's Prometheus metrics. Every series a call can touch exists from the start, resolved
 * once to its data point: on the hot path a filter run costs one map lookup by plugin name, a
 * counter increment and a histogram observation, and allocates nothing. Label values come from
 * the runner's own plugin names and fixed sets, never from a request, so the series are bounded.
 */
public final class RunnerMetrics implements RunnerEvents, FilterObserver {
  /**
   * Upper bounds of the filter time buckets, in seconds: most filters take microseconds, blocking
   * ones up to seconds.
   */
  private static final double[] FILTER_SECONDS = {
    0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005,
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private static final Phase[] PHASES = Phase.values();
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final ConfFailure[] CONF_FAILURES = ConfFailure.values();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  /** Per plugin: calls by [phase][outcome] and time by [phase]. */
  private final Map<String, PluginSeries> plugins = new HashMap<>();

  private final CounterDataPoint confsPrepared;
  private final CounterDataPoint[] confFailures = new CounterDataPoint[CONF_FAILURES.length];
  private final CounterDataPoint[] errorReplies;
  private final CounterDataPoint[] extraInfoRequests;

  private record PluginSeries(CounterDataPoint[][] calls, DistributionDataPoint[] seconds) {}

  public RunnerMetrics(Collection<String> pluginNames) {
    Counter filterCalls =
        Counter.builder()
            .name("a6_filter_calls_total")
            .help("Filter runs by plugin, phase and outcome (continue, rewrite, stop, error)")
            .labelNames("plugin", "phase", "outcome")
            .withoutExemplars()
            .register(registry);
    Histogram filterSeconds =
        Histogram.builder()
            .name("a6_filter_duration_seconds")
            .help("Time a filter took, its asynchronous stage included")
            .unit(Unit.SECONDS)
            .labelNames("plugin", "phase")
            .classicOnly()
            .classicUpperBounds(FILTER_SECONDS)
            .withoutExemplars()
            .register(registry);
    for (String plugin : pluginNames) {
      CounterDataPoint[][] calls = new CounterDataPoint[PHASES.length][OUTCOMES.length];
      DistributionDataPoint[] seconds = new DistributionDataPoint[PHASES.length];
      for (Phase phase : PHASES) {
        for (Outcome outcome : OUTCOMES) {
          calls[phase.ordinal()][outcome.ordinal()] =
              filterCalls.labelValues(plugin, label(phase), label(outcome));
        }
        seconds[phase.ordinal()] = filterSeconds.labelValues(plugin, label(phase));
      }
      plugins.put(plugin, new PluginSeries(calls, seconds));
    }

    Counter prepareConfs =
        Counter.builder()
            .name("a6_prepare_conf_total")
            .help("PrepareConf requests by result: ok, or why the conf was refused")
            .labelNames("result")
            .withoutExemplars()
            .register(registry);
    confsPrepared = prepareConfs.labelValues("ok");
    for (ConfFailure failure : CONF_FAILURES) {
      confFailures[failure.ordinal()] = prepareConfs.labelValues(label(failure));
    }

    Counter errors =
        Counter.builder()
            .name("a6_error_replies_total")
            .help(
                "Err replies by code; APISIX answers each with 503 (or passes the request on if"
                    + " allow_degradation is on), except conf_token_not_found, which it retries")
            .labelNames("code")
            .withoutExemplars()
            .register(registry);
    errorReplies = new CounterDataPoint[Code.names.length];
    for (int code = 0; code < Code.names.length; code++) {
      errorReplies[code] = errors.labelValues(Code.names[code].toLowerCase(Locale.ROOT));
    }

    Counter extraInfo =
        Counter.builder()
            .name("a6_extra_info_requests_total")
            .help("ExtraInfo round trips asked of APISIX, by kind: var, request_body, response_body")
            .labelNames("kind")
            .withoutExemplars()
            .register(registry);
    extraInfoRequests = new CounterDataPoint[Info.names.length];
    for (int kind = 1; kind < Info.names.length; kind++) {
      extraInfoRequests[kind] = extraInfo.labelValues(infoLabel(kind));
    }
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
  public @Nullable Object started(FilterRun run) {
    return null;
  }

  @Override
  public void ended(
      FilterRun run,
      @Nullable Object started,
      Outcome outcome,
      long nanos,
      @Nullable Throwable failure) {
    PluginSeries series = plugins.get(run.plugin());
    if (series == null) {
      return; // a plugin not in the registry: not possible through ConfCache
    }
    int phase = run.phase().ordinal();
    series.calls[phase][outcome.ordinal()].inc();
    series.seconds[phase].observe(nanos / 1e9);
  }

  @Override
  public void confPrepared() {
    confsPrepared.inc();
  }

  @Override
  public void confFailed(ConfFailure reason) {
    confFailures[reason.ordinal()].inc();
  }

  @Override
  public void errorReplied(int code) {
    if (code >= 0 && code < errorReplies.length) {
      errorReplies[code].inc();
    }
  }

  @Override
  public void extraInfoAsked(int infoType) {
    if (infoType > 0 && infoType < extraInfoRequests.length) {
      extraInfoRequests[infoType].inc();
    }
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
