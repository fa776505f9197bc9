package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.e2e.Route.Conf;
import dev.a6.e2e.Route.Phase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Confs as APISIX sends them: errors fail closed with APISIX's 503 (or pass with {@code
 * allow_degradation}) and one ERROR line from the runner; a changed route is prepared again; an
 * expired token is prepared again without the client noticing.
 */
class ConfIT {
  /** Confs expire after 1.2 s unused, so that the expiry test need not wait an hour. */
  @RegisterExtension static final E2e e2e = new E2e().runnerEnv("APISIX_CONF_EXPIRE_TIME", "1");

  @Test
  void anUnknownPluginFailsClosedWithAnErrorLine() throws Exception {
    e2e.routes(
        Route.of("unknown", "/unknown")
            .preReq(Conf.of("say", Map.of("body", "x")), Conf.of("no-such-plugin", Map.of())));

    Http.Response response = e2e.send(Http.get("/unknown"));
    assertThat(response.status()).isEqualTo(503);
    assertThat(errorLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("PrepareConf route#unknown#ext-plugin-pre-req#")
                    .contains("no-such-plugin"));
    assertThat(e2e.gateway().errorLog())
        .contains("failed to receive RPC_PREPARE_CONF: bad request");
  }

  @Test
  void aBadConfFailsClosedNamingThePluginAndThePath() throws Exception {
    e2e.routes(
        Route.of("wrong-type", "/wrong-type").preReq(Conf.raw("key-auth", "{\"keys\": \"k1\"}")),
        Route.of("not-json", "/not-json").postReq(Conf.raw("say", "{\"body\": ")),
        Route.of("invalid", "/invalid")
            .postResp(
                Conf.of("response-rewrite", Map.of("filters", List.of(Map.of("regex", "("))))));

    assertThat(e2e.send(Http.get("/wrong-type")).status()).isEqualTo(503);
    assertThat(e2e.send(Http.get("/not-json")).status()).isEqualTo(503);
    assertThat(e2e.send(Http.get("/invalid")).status()).isEqualTo(503);
    assertThat(errorLines())
        .anySatisfy(
            line -> assertThat(line).contains("route#wrong-type#").contains("key-auth: $.keys"))
        .anySatisfy(line -> assertThat(line).contains("route#not-json#").contains("say:"))
        .anySatisfy(
            line -> assertThat(line).contains("route#invalid#").contains("regex does not compile"));
  }

  @Test
  void allowDegradationLetsTheRequestPass() throws Exception {
    e2e.routes(
        Route.of("degrade", "/degrade")
            .preReq(Conf.of("no-such-plugin", Map.of()))
            .allowDegradation(Phase.PRE_REQ),
        Route.of("strict", "/strict").preReq(Conf.of("no-such-plugin", Map.of())));

    Http.Response degraded = e2e.send(Http.get("/degrade"));
    assertThat(degraded.status()).isEqualTo(200);
    assertThat(Echo.of(degraded).uri()).isEqualTo("/degrade");
    assertThat(e2e.send(Http.get("/strict")).status()).isEqualTo(503);
  }

  @Test
  void aChangedRouteIsPreparedAgain() throws Exception {
    e2e.routes(Route.of("versioned", "/versioned").preReq(Conf.of("say", Map.of("body", "v1"))));
    assertThat(e2e.send(Http.get("/versioned")).text()).isEqualTo("v1");
    int before = preparedLines("route#versioned#");

    e2e.routes(Route.of("versioned", "/versioned").preReq(Conf.of("say", Map.of("body", "v2"))));
    assertThat(e2e.send(Http.get("/versioned")).text()).isEqualTo("v2");
    assertThat(e2e.send(Http.get("/versioned")).text()).isEqualTo("v2");
    assertThat(preparedLines("route#versioned#"))
        .as("one PrepareConf for the new conf_version")
        .isEqualTo(before + 1);
  }

  @Test
  void anExpiredTokenIsPreparedAgainTransparently() throws Exception {
    e2e.routes(
        Route.of("expiring", "/expiring").preReq(Conf.of("say", Map.of("body", "still here"))));
    assertThat(e2e.send(Http.get("/expiring")).text()).isEqualTo("still here");
    assertThat(preparedLines("route#expiring#")).isEqualTo(1);

    Thread.sleep(1500); // past the runner's 1.2 s; APISIX still holds the token

    Http.Response response = e2e.send(Http.get("/expiring"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.text()).isEqualTo("still here");
    assertThat(e2e.runner().log()).contains("answered CONF_TOKEN_NOT_FOUND");
    assertThat(e2e.gateway().errorLog()).contains("refresh cache and try again");
    assertThat(preparedLines("route#expiring#")).isEqualTo(2);
  }

  private static List<String> errorLines() throws Exception {
    return e2e.runner().log().lines().filter(line -> line.startsWith("[ERROR]")).toList();
  }

  private static int preparedLines(String keyPrefix) throws Exception {
    return (int)
        e2e.runner()
            .log()
            .lines()
            .filter(line -> line.contains("prepared conf token") && line.contains(keyPrefix))
            .count();
  }
}
