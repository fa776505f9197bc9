package dev.a6.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.spi.FilterObserver.Outcome;
import dev.a6.spi.FilterObserver.Phase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The histogram's buckets and sums, and the endpoint's paths, without a runner. */
class RunnerMetricsTest {

  @Test
  void eachRunFallsInTheFirstBucketItFitsAndTheSumIsInSeconds() throws IOException {
    RunnerMetrics metrics = new RunnerMetrics(List.of("p"));
    for (long nanos : new long[] {4_000, 5_000, 5_001, 2_000_000, 20_000_000_000L}) {
      metrics.filterRan(0, Phase.RESPONSE, Outcome.CONTINUE, nanos);
    }
    metrics.filterRan(1, Phase.REQUEST, Outcome.STOP, 1); // not a plugin of this runner

    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(metrics, new InetSocketAddress("127.0.0.1", 0))) {
      String scrape = Get.of(endpoint.port(), "/metrics").body();
      String series = "a6_filter_duration_seconds_bucket{phase=\"response\",plugin=\"p\",le=";
      assertThat(scrape)
          .contains(series + "\"5.0E-6\"} 2\n")
          .contains(series + "\"1.0E-5\"} 3\n")
          .contains(series + "\"0.001\"} 3\n")
          .contains(series + "\"0.0025\"} 4\n")
          .contains(series + "\"10.0\"} 4\n")
          .contains(series + "\"+Inf\"} 5\n")
          .contains("a6_filter_duration_seconds_count{phase=\"response\",plugin=\"p\"} 5\n")
          .contains("a6_filter_duration_seconds_sum{phase=\"response\",plugin=\"p\"} 20.002014001\n")
          .contains(
              "a6_filter_calls_total{outcome=\"continue\",phase=\"response\",plugin=\"p\"} 5.0\n")
          .contains("a6_filter_calls_total{outcome=\"stop\",phase=\"request\",plugin=\"p\"} 0.0\n");
      assertThat(Get.of(endpoint.port(), "/-/healthy").body()).isNotEmpty();
    }
  }
}
