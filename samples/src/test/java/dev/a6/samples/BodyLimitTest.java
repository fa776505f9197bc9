package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.FilterTester;
import org.junit.jupiter.api.Test;

class BodyLimitTest {
  private final FilterTester tester =
      FilterTester.of().conf("body-limit", "{\"max_bytes\": 10}");

  @Test
  void aDeclaredLengthDecidesWithoutFetchingTheBody() {
    var tooLarge = tester.request(r -> r.method("POST").header("content-length", "11"));
    assertThat(tooLarge.stop().status()).isEqualTo(413);
    assertThat(tooLarge.stop().bodyText()).isEqualTo("request body larger than 10 bytes\n");
    assertThat(tooLarge.fetchedBody()).isFalse();
    var small = tester.request(r -> r.method("POST").header("content-length", "10"));
    assertThat(small.passedUnchanged()).isTrue();
    assertThat(small.fetchedBody()).isFalse();
  }

  @Test
  void withoutALengthTheBodyIsFetchedAndMeasured() {
    var chunked =
        tester.request(
            r -> r.method("POST").header("transfer-encoding", "chunked").body("01234567890"));
    assertThat(chunked.fetchedBody()).isTrue();
    assertThat(chunked.stop().status()).isEqualTo(413);
    var small = tester.request(r -> r.method("POST").body("0123456789"));
    assertThat(small.fetchedBody()).isTrue();
    assertThat(small.passedUnchanged()).isTrue();
    var none = tester.request(r -> r.method("GET"));
    assertThat(none.passedUnchanged()).isTrue();
  }

  @Test
  void confErrors() {
    FilterTester fresh = FilterTester.of();
    assertThatThrownBy(() -> fresh.conf("body-limit", "{}"))
        .hasMessage("body-limit: $: missing required key \"max_bytes\"");
    assertThatThrownBy(() -> fresh.conf("body-limit", "{\"max_bytes\": -1}"))
        .hasMessage("body-limit: $: max_bytes must be >= 0");
  }
}
