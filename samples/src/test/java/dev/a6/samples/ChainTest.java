package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.FilterTester;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several samples on one route: conf order, the first stop ends the chain, rewrites compose. */
class ChainTest {
  @Test
  void rewritesCompose() {
    var rewrite =
        FilterTester.of()
            .conf("key-auth", "{\"keys\": [\"k1\"]}")
            .conf("var-to-header", "{\"headers\": {\"X-Client-Addr\": \"remote_addr\"}}")
            .conf("request-body-rewrite", "{\"new_body\": \"{}\"}")
            .request(r -> r.method("POST").header("x-api-key", "k1").var("remote_addr", "10.0.0.9"))
            .rewrite();
    assertThat(rewrite.removedHeaders()).isEqualTo(Set.of("x-api-key"));
    assertThat(rewrite.headers())
        .isEqualTo(Map.of("x-client-addr", "10.0.0.9"));
    assertThat(rewrite.bodyText()).isEqualTo("{}");
  }

  @Test
  void theFirstStopEndsTheChain() {
    FilterTester authFirst =
        FilterTester.of()
            .conf("key-auth", "{\"keys\": [\"k1\"]}")
            .conf("say", "{\"body\": \"hi\"}");
    assertThat(authFirst.request(r -> {}).stop().status()).isEqualTo(401);
    assertThat(authFirst.request(r -> r.header("x-api-key", "k1")).stop().bodyText())
        .isEqualTo("hi");

    FilterTester sayFirst =
        FilterTester.of()
            .conf("say", "{\"body\": \"hi\"}")
            .conf("key-auth", "{\"keys\": [\"k1\"]}");
    assertThat(sayFirst.request(r -> {}).stop().bodyText()).isEqualTo("hi");
  }

  @Test
  void aChainWithAllRequestSamplesAndTheResponseOne() {
    FilterTester tester =
        FilterTester.of()
            .conf("fault-injection", "{\"http_status\": 500, \"percentage\": 0}")
            .conf("limit-req", "{\"rate\": 100, \"burst\": 10}")
            .conf("body-limit", "{\"max_bytes\": 100}")
            .conf("key-auth", "{\"keys\": [\"k1\"]}")
            .conf("response-rewrite", "{\"headers\": {\"X-Chain\": \"done\"}}");
    var request = tester.request(r -> r.header("x-api-key", "k1").header("content-length", "3"));
    assertThat(request.rewrite().removedHeaders()).isEqualTo(Set.of("x-api-key"));
    var response = tester.response(u -> u.header("Content-Type", "text/plain"));
    assertThat(response.header("x-chain")).isEqualTo("done");
  }
}
