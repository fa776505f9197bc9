package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.FilterTester;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VarToHeaderTest {
  private final FilterTester tester =
      FilterTester.of()
          .conf(
              "var-to-header",
              "{\"headers\": {\"X-Client-Addr\": \"remote_addr\", \"X-Route\": \"route_id\"}}");

  @Test
  void copiesVariablesFetchedBeforeTheFilterRuns() {
    var result = tester.request(r -> r.var("remote_addr", "10.1.2.3").var("route_id", "r1"));
    assertThat(result.fetchedVars()).containsExactly("remote_addr", "route_id");
    assertThat(result.rewrite().headers())
        .isEqualTo(Map.of("x-client-addr", "10.1.2.3", "x-route", "r1"));
  }

  @Test
  void aVariableWithoutValueRemovesTheHeader() {
    var result =
        tester.request(r -> r.var("remote_addr", "10.1.2.3").header("x-route", "forged"));
    assertThat(result.rewrite().removedHeaders()).isEqualTo(Set.of("x-route"));
    var nothingToRemove = tester.request(r -> r.var("remote_addr", "10.1.2.3"));
    assertThat(nothingToRemove.rewrite().removedHeaders()).as("only changes go out").isEmpty();
  }

  @Test
  void confErrors() {
    FilterTester fresh = FilterTester.of();
    assertThatThrownBy(() -> fresh.conf("var-to-header", "{\"headers\": {\"X Real\": \"a\"}}"))
        .hasMessage("var-to-header: $: header names must be HTTP tokens: X Real");
    assertThatThrownBy(() -> fresh.conf("var-to-header", "{\"headers\": {\"X-A\": \"$a\"}}"))
        .hasMessage(
            "var-to-header: $: variable names are written without $ and are not empty (header"
                + " X-A)");
  }
}
