package dev.a6.internal.call;

import static dev.a6.internal.apisix.Harness.entry;
import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.apisix.ApisixCodec.ResponseReply;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.spi.FetchPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTPRespCall: what filters see of the upstream's response and what goes back (protocol 2.7). */
class ResponsePhaseTest {

  private static final ApisixCodec.Entry[] UPSTREAM = {
    entry("Content-Type", "application/json"),
    entry("Content-Length", "18"),
    entry("Connection", "keep-alive"),
    entry("Set-Cookie", "a=1"),
    entry("Set-Cookie", "b=2"),
    entry("Content-Encoding", "gzip"),
    entry("Server", "upstream")
  };

  @Test
  void filtersSeeStatusAndHeadersInTheirOriginalCase() {
    List<Object> seen = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.response(
                "look",
                FetchPlan.NONE,
                (conf, response, context) -> {
                  seen.add(response.status());
                  seen.add(response.header("content-type"));
                  seen.add(response.headers("SET-COOKIE"));
                  seen.add(response.headerNames());
                  seen.add(response.id());
                  return DONE;
                }))) {
      long token = harness.prepare(null, "look", "");
      ResponseReply reply = harness.respond(token, 200, UPSTREAM);
      assertThat(seen.get(0)).isEqualTo(200);
      assertThat(seen.get(1)).isEqualTo("application/json");
      assertThat(seen.get(2)).isEqualTo(List.of("a=1", "b=2"));
      assertThat(seen.get(3).toString())
          .isEqualTo(
              "[Content-Type, Content-Length, Connection, Set-Cookie, Content-Encoding, Server]");
      assertThat(seen.get(4)).isEqualTo(77L);
      assertThat(reply).isEqualTo(new ResponseReply(77, 0, List.of(), null));
    }
  }

  @Test
  void aChangedHeaderSendsTheWholeSetTheClientShouldGet() {
    try (Harness harness =
        new Harness(
            TestBindings.response(
                "mark",
                FetchPlan.NONE,
                (conf, response, context) -> {
                  response.setHeader("X-Resp-A6-Runner", "Java");
                  response.addHeader("set-cookie", "c=3");
                  response.removeHeader("server");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "mark", "");
      ResponseReply reply = harness.respond(token, 200, UPSTREAM);
      assertThat(reply.status()).isZero();
      assertThat(reply.body()).isNull();
      assertThat(reply.headers())
          .containsExactly(
              entry("Content-Type", "application/json"),
              entry("Set-Cookie", "a=1"),
              entry("Set-Cookie", "b=2"),
              entry("Content-Encoding", "gzip"),
              entry("X-Resp-A6-Runner", "Java"),
              entry("set-cookie", "c=3"));
    }
  }

  @Test
  void aReplacedBodyDropsContentEncodingFromTheSet() {
    try (Harness harness =
        new Harness(
            TestBindings.response(
                "rewrite",
                FetchPlan.NONE,
                (conf, response, context) -> {
                  response.setStatus(201);
                  response.setHeader("X-Resp-A6-Runner", "Java");
                  response.setBody("{\"ok\":true}");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "rewrite", "");
      ResponseReply reply = harness.respond(token, 200, UPSTREAM);
      assertThat(reply.status()).isEqualTo(201);
      assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
      assertThat(reply.headers())
          .extracting(ApisixCodec.Entry::name)
          .containsExactly("Content-Type", "Set-Cookie", "Set-Cookie", "Server", "X-Resp-A6-Runner");
    }
  }

  @Test
  void settingAHeaderToItsOwnValueIsNoChange() {
    try (Harness harness =
        new Harness(
            TestBindings.response(
                "same",
                FetchPlan.NONE,
                (conf, response, context) -> {
                  response.setHeader("content-type", "application/json");
                  response.setStatus(200);
                  return DONE;
                }))) {
      long token = harness.prepare(null, "same", "");
      assertThat(harness.respond(token, 200, UPSTREAM))
          .isEqualTo(new ResponseReply(77, 0, List.of(), null));
    }
  }

  @Test
  void requestOnlyPluginsDoNothingInTheResponsePhase() {
    List<String> ran = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "req",
                (conf, request, response, context) -> {
                  ran.add("req");
                  return DONE;
                }),
            TestBindings.response(
                "resp",
                FetchPlan.NONE,
                (conf, response, context) -> {
                  ran.add("resp");
                  response.setStatus(304);
                  return DONE;
                }))) {
      long token = harness.prepare(null, "req", "", "resp", "");
      assertThat(harness.respond(token, 200).status()).isEqualTo(304);
      assertThat(ran).containsExactly("resp");
      assertThat(harness.call(Harness.Call.of(token)).rewrite()).isNull();
      assertThat(ran).containsExactly("resp", "req");
    }
  }
}
