package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.FilterTester;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyAuthTest {
  private final FilterTester tester =
      FilterTester.of().conf("key-auth", "{\"keys\": [\"k1\", \"k2\"]}");

  @Test
  void aKnownKeyPassesAndIsRemovedBeforeTheUpstream() {
    var result = tester.request(r -> r.path("/users").header("x-api-key", "k2"));
    assertThat(result.rewrite().removedHeaders()).containsExactly("x-api-key");
    assertThat(result.rewrite().headers()).isEmpty();
    assertThat(result.rewrite().path()).isNull();
  }

  @Test
  void aMissingOrWrongKeyGets401() {
    var missing = tester.request(r -> r.path("/users"));
    assertThat(missing.stop().status()).isEqualTo(401);
    assertThat(missing.stop().bodyText()).isEqualTo("missing API key\n");
    assertThat(missing.stop().header("content-type")).isEqualTo("text/plain; charset=utf-8");
    var wrong = tester.request(r -> r.header("x-api-key", "k3"));
    assertThat(wrong.stop().status()).isEqualTo(401);
    assertThat(wrong.stop().bodyText()).isEqualTo("invalid API key\n");
  }

  @Test
  void theHeaderIsConfigurableAndIgnoresCase() {
    var result =
        FilterTester.of()
            .conf("key-auth", "{\"header\": \"Authorization\", \"keys\": [\"Bearer t\"]}")
            .request(r -> r.header("AUTHORIZATION", "Bearer t").header("x-api-key", "k1"));
    assertThat(result.rewrite().removedHeaders()).isEqualTo(Set.of("authorization"));
    assertThat(result.rewrite().args()).isEqualTo(Map.of());
  }

  @Test
  void confErrors() {
    FilterTester fresh = FilterTester.of();
    assertThatThrownBy(() -> fresh.conf("key-auth", "{}"))
        .hasMessage("key-auth: $: missing required key \"keys\"");
    assertThatThrownBy(() -> fresh.conf("key-auth", "{\"keys\": []}"))
        .hasMessage("key-auth: $: keys must name at least one key");
    assertThatThrownBy(() -> fresh.conf("key-auth", "{\"keys\": [\"k\"], \"key\": \"typo\"}"))
        .hasMessage("key-auth: $.key: unknown key; expected one of: header, keys");
  }
}
