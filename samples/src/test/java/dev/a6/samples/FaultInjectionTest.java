package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.FilterTester;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
  /** Randomness whose every {@code nextInt(bound)} is {@code value}. */
  private static RandomGenerator always(int value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return value;
      }

      @Override
      public int nextInt(int bound) {
        return value;
      }
    };
  }

  @Test
  void failsEveryRequestByDefault() {
    var result =
        FilterTester.of()
            .conf("fault-injection", "{\"http_status\": 400, \"body\": \"hello\"}")
            .request(r -> {});
    assertThat(result.stop().status()).isEqualTo(400);
    assertThat(result.stop().bodyText()).isEqualTo("hello");
  }

  @Test
  void withoutBodyTheStopHasNone() {
    var result =
        FilterTester.of().conf("fault-injection", "{\"http_status\": 503}").request(r -> {});
    assertThat(result.stop().status()).isEqualTo(503);
    assertThat(result.stop().body()).isEmpty();
  }

  @Test
  void percentageIsTheShareOfRequestsFailed() {
    FilterTester tester =
        FilterTester.of()
            .conf("fault-injection", "{\"http_status\": 500, \"percentage\": 30}");
    assertThat(tester.random(always(29)).request(r -> {}).stopped()).isTrue();
    assertThat(tester.random(always(30)).request(r -> {}).stopped()).isFalse();

    tester.random(new SplittableRandom(7));
    int stopped = 0;
    for (int i = 0; i < 10_000; i++) {
      stopped += tester.request(r -> {}).stopped() ? 1 : 0;
    }
    assertThat(stopped).isBetween(2_800, 3_200);
    assertThat(
            FilterTester.of()
                .conf("fault-injection", "{\"http_status\": 500, \"percentage\": 0}")
                .random(always(0))
                .request(r -> {})
                .passedUnchanged())
        .isTrue();
  }

  @Test
  void confErrors() {
    FilterTester tester = FilterTester.of();
    assertThatThrownBy(() -> tester.conf("fault-injection", "{\"percentage\": 50}"))
        .hasMessage("fault-injection: $: missing required key \"http_status\"");
    assertThatThrownBy(() -> tester.conf("fault-injection", "{\"http_status\": 199}"))
        .hasMessage("fault-injection: $: http_status must be from 200 to 599");
    assertThatThrownBy(
            () -> tester.conf("fault-injection", "{\"http_status\": 400, \"percentage\": 101}"))
        .hasMessage("fault-injection: $: percentage must be from 0 to 100");
    assertThatThrownBy(() -> tester.conf("fault-injection", "{\"http_status\": \"400\"}"))
        .hasMessage("fault-injection: $.http_status: expected integer, got string");
  }
}
