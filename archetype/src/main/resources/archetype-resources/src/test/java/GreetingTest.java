package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.FilterTester;
import org.junit.jupiter.api.Test;

/** The plugin through the same generated code the runner uses, without a socket. */
class GreetingTest {
  private final FilterTester tester = FilterTester.of().conf("greeting", "{\"greeting\": \"Hi\"}");

  @Test
  void aKnownUserGoesUpstreamGreeted() {
    var result = tester.request(r -> r.path("/hello").header("x-user", "Ada"));

    assertThat(result.rewrite().headers()).containsEntry("x-greeting", "Hi, Ada");
  }

  @Test
  void anUnknownUserIsTurnedAway() {
    var result = tester.request(r -> r.path("/hello"));

    assertThat(result.stop().status()).isEqualTo(401);
  }
}
