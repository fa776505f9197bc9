package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.e2e.Route.Conf;
import dev.a6.e2e.Route.Phase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request bodies through APISIX: replaced by {@code request-body-rewrite} whatever the client
 * sent (nothing, less, more, chunked, a body nginx keeps in a file), and fetched intact by {@code
 * body-limit}. A runner that got the framing wrong makes these hang until APISIX gives up, so
 * every request here must answer well within {@link Http#DEFAULT_TIMEOUT}.
 */
class BodyRewriteIT {
  /** DEBUG, to see the runner say what it dropped. */
  @RegisterExtension static final E2e e2e = new E2e().runnerArgs("--log-level", "debug");

  private static final String NEW_BODY = "the rewritten body";
  /** Over nginx's in-memory body buffer, so nginx keeps the client's body in a temp file. */
  private static final int LARGE = 1536 * 1024;

  private static DigestUpstream digest;

  @BeforeAll
  static void startUpstream() throws Exception {
    digest = new DigestUpstream();
  }

  @AfterAll
  static void stopUpstream() {
    if (digest != null) {
      digest.close();
    }
  }

  private static void rewriteRoute(Phase phase) throws Exception {
    e2e.routes(
        Route.of("rewrite", "/rewrite")
            .phase(phase, Conf.of("request-body-rewrite", Map.of("new_body", NEW_BODY))));
  }

  private static void assertRewritten(Http.Response response) {
    Echo echo = Echo.of(response);
    assertThat(echo.body()).isEqualTo(NEW_BODY);
    assertThat(echo.header("content-length")).isEqualTo(Integer.toString(NEW_BODY.length()));
    assertThat(echo.headers("transfer-encoding")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void aGetWithoutBodyGetsTheNewBody(Phase phase) throws Exception {
    rewriteRoute(phase);
    Http.Response response = e2e.send(Http.get("/rewrite"));
    assertRewritten(response);
    assertThat(Echo.of(response).method()).isEqualTo("GET");
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void aLongerBodyIsReplacedByAShorterOne(Phase phase) throws Exception {
    rewriteRoute(phase);
    assertRewritten(e2e.send(Http.post("/rewrite").body("x".repeat(1000))));
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void aShorterBodyIsReplacedByALongerOne(Phase phase) throws Exception {
    rewriteRoute(phase);
    assertRewritten(e2e.send(Http.post("/rewrite").body("x")));
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void aChunkedBodyIsReplaced(Phase phase) throws Exception {
    rewriteRoute(phase);
    assertRewritten(e2e.send(Http.post("/rewrite").body("y".repeat(300)).chunked()));
  }

  @ParameterizedTest
  @EnumSource(names = {"PRE_REQ", "POST_REQ"})
  void aBodyNginxKeepsInAFileIsReplaced(Phase phase) throws Exception {
    rewriteRoute(phase);
    assertRewritten(e2e.send(Http.post("/rewrite").body(randomBytes(LARGE, 1))));
    assertRewritten(e2e.send(Http.post("/rewrite").body(randomBytes(LARGE, 2)).chunked()));
  }

  @Test
  void aLargeNewBodyArrivesWhole() throws Exception {
    String large = "0123456789abcdef".repeat(LARGE / 16);
    e2e.routes(
        Route.of("large", "/large")
            .preReq(Conf.of("request-body-rewrite", Map.of("new_body", large)))
            .upstream(digest.port()));

    Http.Response response = e2e.send(Http.post("/large").body("small"));
    assertThat(response.text())
        .isEqualTo(DigestUpstream.expected(large.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void aLargeBodyFetchedByAPluginReachesTheUpstreamIntact() throws Exception {
    e2e.routes(
        Route.of("limit", "/limit")
            .preReq(Conf.of("body-limit", Map.of("max_bytes", 2 * LARGE)))
            .upstream(digest.port()),
        Route.of("tight", "/tight").preReq(Conf.of("body-limit", Map.of("max_bytes", LARGE - 1))));
    byte[] body = randomBytes(LARGE, 3);

    // Chunked, so that body-limit fetches the body from APISIX, which reads nginx's temp file.
    Http.Response passed = e2e.send(Http.post("/limit").body(body).chunked());
    assertThat(passed.text()).isEqualTo(DigestUpstream.expected(body));
    assertThat(e2e.send(Http.post("/tight").body(body).chunked()).status()).isEqualTo(413);
  }

  @Test
  void nonAsciiBodiesKeepTheirBytes() throws Exception {
    String text = "grüße, 世界 ✓ — naïve café";
    e2e.routes(
        Route.of("utf8", "/utf8")
            .preReq(Conf.of("request-body-rewrite", Map.of("new_body", text))),
        Route.of("fetched", "/fetched").preReq(Conf.of("body-limit", Map.of("max_bytes", 100))));

    Echo rewritten = Echo.of(e2e.send(Http.post("/utf8").body("ascii")));
    assertThat(rewritten.body()).isEqualTo(text);
    assertThat(rewritten.header("content-length"))
        .isEqualTo(Integer.toString(text.getBytes(StandardCharsets.UTF_8).length));

    Echo fetched = Echo.of(e2e.send(Http.post("/fetched").body(text).chunked()));
    assertThat(fetched.body()).isEqualTo(text);
  }

  @Test
  void repeatedHeadersAndArgumentsStayIntact() throws Exception {
    e2e.routes(
        Route.of("intact", "/intact")
            .preReq(
                Conf.of("key-auth", Map.of("keys", List.of("k"))),
                Conf.of("request-body-rewrite", Map.of("new_body", NEW_BODY))));

    Echo echo =
        Echo.of(
            e2e.send(
                Http.post("/intact?a=1&a=2&flag&empty=&sp=x%20y")
                    .header("X-API-Key", "k")
                    .header("X-Multi", "one")
                    .header("X-Multi", "two")
                    .header("X-Empty", "")
                    .body("old")));
    assertThat(echo.body()).isEqualTo(NEW_BODY);
    assertThat(echo.headers("x-multi")).containsExactly("one", "two");
    assertThat(echo.headers("x-empty")).containsExactly("");
    assertThat(echo.headers("x-api-key")).isEmpty();
    assertThat(echo.args("a")).containsExactly("1", "2");
    assertThat(echo.args("flag")).containsExactly("true");
    assertThat(echo.args("empty")).containsExactly("");
    assertThat(echo.args("sp")).containsExactly("x y");
    assertThat(echo.requestUri()).isEqualTo("/intact?a=1&a=2&flag&empty=&sp=x%20y");
  }

  @Test
  void aPluginsOwnContentLengthIsDropped() throws Exception {
    // var-to-header sets any header from a variable: here content-length, from ?len=.
    Conf setLength =
        Conf.of("var-to-header", Map.of("headers", Map.of("Content-Length", "arg_len")));
    e2e.routes(
        Route.of("beside-body", "/beside-body")
            .preReq(setLength, Conf.of("request-body-rewrite", Map.of("new_body", NEW_BODY))),
        Route.of("alone", "/alone").preReq(setLength));

    assertRewritten(e2e.send(Http.get("/beside-body?len=999")));
    assertRewritten(e2e.send(Http.post("/beside-body?len=1").body("abc")));
    // Without a new body, such an edit would make nginx cut the body or wait for more of it.
    assertThat(Echo.of(e2e.send(Http.post("/alone?len=3").body("0123456789"))).body())
        .isEqualTo("0123456789");
    assertThat(Echo.of(e2e.send(Http.post("/alone?len=20").body("0123456789"))).body())
        .isEqualTo("0123456789");
    assertThat(e2e.runner().log())
        .contains("ignored a filter's set of request header Content-Length");
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
