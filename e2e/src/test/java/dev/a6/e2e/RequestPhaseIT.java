package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.e2e.Route.Conf;
import dev.a6.e2e.Route.Phase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every request-phase sample plugin, in both phases where APISIX calls request filters: {@code
 * ext-plugin-pre-req} (before APISIX's own plugins) and {@code ext-plugin-post-req} (after them).
 */
class RequestPhaseIT {
  @RegisterExtension static final E2e e2e = new E2e();

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void sayAnswersInsteadOfTheUpstream(Phase phase) throws Exception {
    e2e.routes(
        Route.of("say", "/say").phase(phase, Conf.of("say", Map.of("body", "hello from a6"))),
        Route.of("quiet", "/quiet").phase(phase, Conf.of("say", Map.of("body", ""))));

    Http.Response said = e2e.send(Http.get("/say"));
    assertThat(said.status()).isEqualTo(200);
    assertThat(said.text()).isEqualTo("hello from a6");
    assertThat(said.header("x-resp-a6-runner")).isEqualTo("Java");
    assertThat(said.fromEcho()).isFalse();

    Http.Response passed = e2e.send(Http.get("/quiet?x=1"));
    assertThat(passed.status()).isEqualTo(200);
    assertThat(Echo.of(passed).requestUri()).isEqualTo("/quiet?x=1");
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void faultInjectionStopsWithItsStatusAndBody(Phase phase) throws Exception {
    e2e.routes(
        Route.of("always", "/always")
            .phase(phase, Conf.of("fault-injection", Map.of("http_status", 418, "body", "teapot"))),
        Route.of("never", "/never")
            .phase(
                phase,
                Conf.of("fault-injection", Map.of("http_status", 500, "percentage", 0))));

    Http.Response injected = e2e.send(Http.get("/always"));
    assertThat(injected.status()).isEqualTo(418);
    assertThat(injected.text()).isEqualTo("teapot");

    assertThat(e2e.send(Http.get("/never")).fromEcho()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void limitReqAdmitsItsBurstAndRefusesWhatItCannotAdmit(Phase phase) throws Exception {
    e2e.routes(
        Route.of("closed", "/closed").phase(phase, Conf.of("limit-req", Map.of())),
        Route.of("open", "/open")
            .phase(phase, Conf.of("limit-req", Map.of("rate", 1000, "burst", 5))));

    assertThat(e2e.send(Http.get("/closed")).status()).isEqualTo(503);
    for (int i = 0; i < 5; i++) {
      assertThat(e2e.send(Http.get("/open")).fromEcho()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void keyAuthLetsAKnownKeyThroughWithoutTheHeader(Phase phase) throws Exception {
    e2e.routes(
        Route.of("auth", "/auth")
            .phase(phase, Conf.of("key-auth", Map.of("keys", List.of("k1", "k2")))),
        Route.of("custom", "/custom")
            .phase(
                phase,
                Conf.of("key-auth", Map.of("keys", List.of("k1"), "header", "X-Token"))));

    Http.Response missing = e2e.send(Http.get("/auth"));
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.text()).isEqualTo("missing API key\n");
    assertThat(missing.header("content-type")).isEqualTo("text/plain; charset=utf-8");

    Http.Response invalid = e2e.send(Http.get("/auth").header("X-API-Key", "nope"));
    assertThat(invalid.status()).isEqualTo(401);
    assertThat(invalid.text()).isEqualTo("invalid API key\n");

    Echo passed = Echo.of(e2e.send(Http.get("/auth").header("X-API-Key", "k2").header("X-Other", "o")));
    assertThat(passed.headers("x-api-key")).isEmpty();
    assertThat(passed.header("x-other")).isEqualTo("o");

    Echo custom = Echo.of(e2e.send(Http.get("/custom").header("x-token", "k1")));
    assertThat(custom.headers("x-token")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void varToHeaderSetsHeadersFromApisixVariables(Phase phase) throws Exception {
    e2e.routes(
        Route.of("vars", "/vars/*")
            .phase(
                phase,
                Conf.of(
                    "var-to-header",
                    Map.of(
                        "headers",
                        Map.of(
                            "X-Remote", "remote_addr",
                            "X-Route", "route_id",
                            "X-Arg", "arg_who",
                            "X-Uri", "uri",
                            "X-Gone", "no_such_variable")))));

    Echo echo =
        Echo.of(e2e.send(Http.get("/vars/p%C3%A4th?who=w%C3%B6rld").header("X-Gone", "client")));
    assertThat(echo.header("x-remote")).isEqualTo("127.0.0.1");
    assertThat(echo.header("x-route")).isEqualTo("vars");
    // APISIX decodes arg_* variables.
    assertThat(echo.header("x-arg")).isEqualTo("wörld");
    assertThat(echo.header("x-uri")).isEqualTo("/vars/päth");
    assertThat(echo.headers("x-gone")).as("a variable without value removes the header").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void bodyLimitMeasuresDeclaredAndChunkedBodies(Phase phase) throws Exception {
    e2e.routes(
        Route.of("limited", "/limited")
            .phase(phase, Conf.of("body-limit", Map.of("max_bytes", 10))));

    Http.Response declared = e2e.send(Http.post("/limited").body("01234567890"));
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.text()).isEqualTo("request body larger than 10 bytes\n");
    assertThat(Echo.of(e2e.send(Http.post("/limited").body("0123456789"))).body())
        .isEqualTo("0123456789");

    // Without content-length the plugin fetches the body from APISIX to measure it.
    assertThat(e2e.send(Http.post("/limited").body("0123456789-chunked").chunked()).status())
        .isEqualTo(413);
    assertThat(Echo.of(e2e.send(Http.post("/limited").body("short").chunked())).body())
        .isEqualTo("short");
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void requestBodyRewriteReplacesTheBody(Phase phase) throws Exception {
    e2e.routes(
        Route.of("rewrite", "/rewrite")
            .phase(phase, Conf.of("request-body-rewrite", Map.of("new_body", "new body"))));

    Echo echo = Echo.of(e2e.send(Http.post("/rewrite").body("old")));
    assertThat(echo.body()).isEqualTo("new body");
    assertThat(echo.header("content-length")).isEqualTo("8");
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void aResponsePluginDoesNothingInARequestPhase(Phase phase) throws Exception {
    e2e.routes(
        Route.of("misplaced", "/misplaced")
            .phase(phase, Conf.of("response-rewrite", Map.of("status", 299, "body", "x"))));

    Http.Response response = e2e.send(Http.get("/misplaced"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("x-resp-a6-runner")).isNull();
    assertThat(Echo.of(response).uri()).isEqualTo("/misplaced");
  }
}
