package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.e2e.Route.Conf;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The response phase ({@code ext-plugin-post-resp}, where APISIX itself calls the upstream and
 * hands its answer to the runner) and chains that span all three phases.
 */
class ResponsePhaseIT {
  @RegisterExtension static final E2e e2e = new E2e();

  @Test
  void headersAreAddedAndTheUpstreamsAreKept() throws Exception {
    e2e.routes(
        Route.of("headers", "/headers")
            .postResp(
                Conf.of("response-rewrite", Map.of("headers", Map.of("X-Served-By", "a6")))));

    Http.Response response = e2e.send(Http.get("/headers?q=1"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("x-served-by")).isEqualTo("a6");
    assertThat(response.header("x-resp-a6-runner")).isEqualTo("Java");
    assertThat(response.header("content-type")).isEqualTo("application/json");
    assertThat(Echo.of(response).requestUri()).isEqualTo("/headers?q=1");
  }

  @Test
  void statusAndBodyAreReplaced() throws Exception {
    e2e.routes(
        Route.of("replace", "/replace")
            .postResp(
                Conf.of(
                    "response-rewrite",
                    Map.of("status", 203, "body", "réponse remplacée", "headers", Map.of()))));

    Http.Response response = e2e.send(Http.get("/replace"));
    assertThat(response.status()).isEqualTo(203);
    assertThat(response.text()).isEqualTo("réponse remplacée");
    assertThat(response.header("x-upstream")).isEqualTo("e2e-echo");
    assertThat(response.header("x-resp-a6-runner")).isEqualTo("Java");
  }

  @Test
  void theUpstreamStatusIsKeptWhenTheConfSetsNone() throws Exception {
    e2e.routes(
        Route.of("status", "/status")
            .postResp(Conf.of("response-rewrite", Map.of("headers", Map.of("X-A", "1")))));

    Http.Response response = e2e.send(Http.get("/status").header("X-Echo-Status", "404"));
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("x-a")).isEqualTo("1");
    assertThat(response.fromEcho()).isTrue();
  }

  @Test
  void filtersRewriteTheUpstreamBodyFetchedFromApisix() throws Exception {
    e2e.routes(
        Route.of("filters", "/filters")
            .postResp(
                Conf.of(
                    "response-rewrite",
                    Map.of(
                        "filters",
                        List.of(
                            Map.of("regex", "\"GET\"", "replace", "\"got\""),
                            Map.of("regex", "e2e-(\\w+)", "scope", "global", "replace", "[$1]"),
                            Map.of("regex", "never matches", "replace", "x"))))));

    Http.Response response = e2e.send(Http.get("/filters").header("X-Mark", "e2e-one e2e-two"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text())
        .contains("\"method\":\"got\"")
        .contains("[one] [two]")
        .doesNotContain("e2e-one");
  }

  @Test
  void aRequestPluginDoesNothingInTheResponsePhase() throws Exception {
    e2e.routes(
        Route.of("misplaced", "/misplaced")
            .postResp(
                Conf.of("say", Map.of("body", "never")),
                Conf.of("key-auth", Map.of("keys", List.of("k")))));

    Http.Response response = e2e.send(Http.get("/misplaced"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(Echo.of(response).uri()).isEqualTo("/misplaced");
  }

  @Test
  void aChainAcrossTheThreePhases() throws Exception {
    e2e.routes(
        Route.of("chain", "/chain")
            .preReq(
                Conf.of("key-auth", Map.of("keys", List.of("k1"))),
                Conf.of("var-to-header", Map.of("headers", Map.of("X-Route", "route_id"))))
            .postReq(
                Conf.of("body-limit", Map.of("max_bytes", 1000)),
                Conf.of("request-body-rewrite", Map.of("new_body", "from post-req")))
            .postResp(
                Conf.of(
                    "response-rewrite",
                    Map.of(
                        "headers", Map.of("X-Phase", "post-resp"),
                        "filters", List.of(Map.of("regex", "from post-req", "replace", "seen"))))));

    Http.Response passed = e2e.send(Http.post("/chain").header("X-API-Key", "k1").body("client"));
    assertThat(passed.status()).isEqualTo(200);
    assertThat(passed.header("x-phase")).isEqualTo("post-resp");
    // The upstream got the pre-req header and the post-req body; post-resp rewrote its echo.
    assertThat(passed.text())
        .contains("\"x-route\":\"chain\"")
        .contains("\"body\":\"seen\"")
        .doesNotContain("x-api-key");

    Http.Response refused = e2e.send(Http.post("/chain").body("client"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("x-phase")).as("a stop in pre-req ends the request").isNull();

    Http.Response tooLarge =
        e2e.send(Http.post("/chain").header("X-API-Key", "k1").body("z".repeat(1001)));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.header("x-phase")).isNull();
  }
}
