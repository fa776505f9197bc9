package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.FilterTester;
import dev.a6.samples.LimitReq.LimitConf;
import dev.a6.samples.LimitReq.TokenBucket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitReqTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aConfThatAdmitsNothingStopsEveryRequestWith503() {
    for (String conf : new String[] {"{}", "{\"rate\": 0, \"burst\": 0}", "{\"rate\": 10, \"burst\": 0}"}) {
      FilterTester tester = FilterTester.of().conf("limit-req", conf);
      for (int i = 0; i < 3; i++) {
        assertThat(tester.request(r -> {}).stop().status()).as(conf).isEqualTo(503);
        tester.advance(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void aFullBucketPassesABurstAtOnceThenPacesRequests() {
    FilterTester tester =
        FilterTester.of().conf("limit-req", "{\"rate\": 1, \"burst\": 3}");
    for (int i = 0; i < 3; i++) {
      var result = tester.request(r -> {});
      assertThat(result.passedUnchanged()).isTrue();
      assertThat(result.delay()).isZero();
    }
    var paced = tester.request(r -> {});
    assertThat(paced.passedUnchanged()).isTrue();
    assertThat(paced.delay()).isEqualTo(Duration.ofSeconds(1));
    tester.advance(Duration.ofSeconds(10));
    assertThat(tester.request(r -> {}).delay()).isZero();
  }

  @Test
  void withoutRefillOnlyTheBurstPasses() {
    FilterTester tester =
        FilterTester.of().conf("limit-req", "{\"rate\": 0, \"burst\": 2}");
    assertThat(tester.request(r -> {}).passedUnchanged()).isTrue();
    assertThat(tester.request(r -> {}).passedUnchanged()).isTrue();
    tester.advance(Duration.ofHours(1));
    assertThat(tester.request(r -> {}).stop().status()).isEqualTo(503);
  }

  @Test
  void concurrentRequestsWaitUpToBurstOverRate() {
    TokenBucket bucket = new TokenBucket(new LimitConf(5, 2));
    long now = 100 * SECOND;
    assertThat(bucket.take(now)).isZero();
    assertThat(bucket.take(now)).isZero();
    assertThat(bucket.take(now)).isEqualTo(SECOND / 5);
    assertThat(bucket.take(now)).isEqualTo(2 * SECOND / 5);
    assertThat(bucket.take(now)).as("would wait 0.6 s, over burst/rate = 0.4 s").isEqualTo(-1);
    assertThat(bucket.take(now + SECOND)).as("refilled").isEqualTo(0);
  }

  @Test
  void delaysNeverReachApisixsTimeout() {
    TokenBucket bucket = new TokenBucket(new LimitConf(0.01, 10)); // burst/rate = 1000 s
    long now = SECOND;
    for (int i = 0; i < 10; i++) {
      bucket.take(now);
    }
    assertThat(bucket.take(now)).isEqualTo(-1);
    TokenBucket slow = new TokenBucket(new LimitConf(0.05, 3));
    for (int i = 0; i < 3; i++) {
      slow.take(now);
    }
    assertThat(slow.take(now)).as("20 s, within 55 s").isEqualTo(20 * SECOND);
    assertThat(slow.take(now)).as("40 s").isEqualTo(40 * SECOND);
    assertThat(slow.take(now)).as("60 s would pass APISIX's 60 s timeout").isEqualTo(-1);
  }

  @Test
  void eachPreparedConfHasItsOwnBucket() {
    String conf = "{\"rate\": 1, \"burst\": 1}";
    FilterTester first = FilterTester.of().conf("limit-req", conf);
    FilterTester second = FilterTester.of().conf("limit-req", conf);
    assertThat(first.request(r -> {}).delay()).isZero();
    assertThat(second.request(r -> {}).delay()).isZero();
  }

  @Test
  void confErrors() {
    FilterTester tester = FilterTester.of();
    assertThatThrownBy(() -> tester.conf("limit-req", "{\"rate\": -1, \"burst\": 1}"))
        .hasMessage("limit-req: $: rate must be a number of requests per second >= 0");
    assertThatThrownBy(() -> tester.conf("limit-req", "{\"rate\": 1, \"burst\": -1}"))
        .hasMessage("limit-req: $: burst must be >= 0");
    assertThatThrownBy(() -> tester.conf("limit-req", "{\"burst\": 1.5}"))
        .hasMessage("limit-req: $.burst: expected integer, got a decimal number");
  }
}
