package dev.a6.internal.call;

import static dev.a6.internal.apisix.Harness.entry;
import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.internal.apisix.ApisixCodec.RequestReply;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.TestBindings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What filters read from an HTTPReqCall and how their changes reach the wire (protocol 2.4-2.5). */
class RequestPhaseTest {

  @Test
  void filtersSeeEverythingApisixSent() throws Exception {
    AtomicReference<List<Object>> seen = new AtomicReference<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "look",
                (conf, request, response, context) -> {
                  seen.set(
                      List.of(
                          request.id(),
                          request.sourceIp(),
                          request.method(),
                          request.path(),
                          request.headers("X-Req"),
                          request.header("x-resp"),
                          request.args("xx"),
                          String.valueOf(request.arg("y")),
                          request.hasFlag("z"),
                          String.valueOf(request.arg("z")),
                          request.argNames(),
                          request.headerNames()));
                  return DONE;
                }))) {
      long token = harness.prepare("route#1", "look", "");
      // APISIX's own "check input" test: PUT /hello?xx=y&xx=z&&y=&&z
      RequestReply reply =
          harness.call(
              Call.of(token)
                  .id(0)
                  .method("PUT")
                  .arg("xx", "y")
                  .arg("xx", "z")
                  .arg("y", "")
                  .arg("z", null)
                  .header("connection", "close")
                  .header("host", "localhost")
                  .header("x-req", "foo")
                  .header("x-req", "bar")
                  .header("x-resp", "cat"));
      assertThat(reply.stop()).isNull();
      assertThat(reply.rewrite()).isNull();
      assertThat(seen.get())
          .containsExactly(
              0L,
              InetAddress.getByName("127.0.0.1"),
              "PUT",
              "/hello",
              List.of("foo", "bar"),
              "cat",
              List.of("y", "z"),
              "",
              true,
              "null",
              java.util.Set.of("xx", "y", "z"),
              java.util.Set.of("connection", "host", "x-req", "x-resp"));
    }
  }

  @Test
  void ipv6SourceAddresses() throws Exception {
    AtomicReference<InetAddress> seen = new AtomicReference<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "ip",
                (conf, request, response, context) -> {
                  seen.set(request.sourceIp());
                  return DONE;
                }))) {
      long token = harness.prepare(null, "ip", "");
      harness.call(Call.of(token).ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
      assertThat(seen.get()).isEqualTo(InetAddress.getByName("::1"));
    }
  }

  @Test
  void stopCarriesStatusHeadersAndBody() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "stop",
                (conf, request, response, context) -> {
                  response.setHeader("X-Resp", "foo");
                  response.addHeader("X-Same", "one");
                  response.addHeader("X-Same", "two");
                  response.stop(405, "cat");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "stop", "");
      RequestReply reply = harness.call(Call.of(token).id(9));
      assertThat(reply.id()).isEqualTo(9);
      assertThat(reply.stop().status()).isEqualTo(405);
      assertThat(reply.stop().headers())
          .containsExactly(entry("x-resp", "foo"), entry("x-same", "one"), entry("x-same", "two"));
      assertThat(new String(reply.stop().body(), StandardCharsets.UTF_8)).isEqualTo("cat");
    }
  }

  @Test
  void stopWithoutStatusMeans200AndAnEmptyBodyIsLeftOut() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "ok",
                (conf, request, response, context) -> {
                  response.stop();
                  return DONE;
                }))) {
      long token = harness.prepare(null, "ok", "");
      RequestReply reply = harness.call(Call.of(token));
      assertThat(reply.stop().status()).as("0 on the wire, which APISIX reads as 200").isZero();
      assertThat(reply.stop().body()).isNull();
    }
  }

  @Test
  void rewriteSendsOnlyWhatChanged() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "rewrite",
                (conf, request, response, context) -> {
                  request.setPath("/uri");
                  request.setHeader("X-Change", "bar");
                  request.removeHeader("X-Delete");
                  request.setHeader("X-Add", "new");
                  request.setHeader("X-Same", "same"); // already has this exact value
                  request.removeHeader("X-Absent"); // nothing to remove
                  request.setArg("a", "foo");
                  request.removeArg("d");
                  request.setArg("c", "bar");
                  request.addArg("a", "bar");
                  request.setArg("e", "kept"); // already so
                  return DONE;
                }))) {
      long token = harness.prepare(null, "rewrite", "");
      RequestReply reply =
          harness.call(
              Call.of(token)
                  .header("x-change", "foo")
                  .header("x-delete", "foo")
                  .header("x-same", "same")
                  .arg("c", "foo")
                  .arg("d", "bar")
                  .arg("e", "kept"));
      var rewrite = reply.rewrite();
      assertThat(reply.stop()).isNull();
      assertThat(rewrite.path()).isEqualTo("/uri");
      assertThat(rewrite.headers())
          .containsExactly(entry("x-change", "bar"), entry("x-delete", null), entry("x-add", "new"));
      // APISIX's test: upstream gets a=foo&a=bar&c=bar.
      assertThat(rewrite.args())
          .containsExactly(
              entry("a", "foo"), entry("a", "bar"), entry("d", null), entry("c", "bar"));
      assertThat(rewrite.respHeaders()).isEmpty();
      assertThat(rewrite.body()).isNull();
    }
  }

  @Test
  void changingNothingAnswersNone() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "noop",
                (conf, request, response, context) -> {
                  request.setHeader("x-same", "same");
                  request.setPath("/hello");
                  request.setArg("a", "1");
                  request.removeHeader("x-none");
                  request.removeArg("none");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "noop", "");
      RequestReply reply = harness.call(Call.of(token).header("x-same", "same").arg("a", "1"));
      assertThat(reply.stop()).isNull();
      assertThat(reply.rewrite()).isNull();
    }
  }

  @Test
  void responseHeadersWhileProxyingSkipWhatApisixIgnores() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "resp",
                (conf, request, response, context) -> {
                  response.setHeader("X-Resp", "one");
                  response.addHeader("Set-Cookie", "a=1");
                  response.addHeader("Set-Cookie", "b=2");
                  response.setHeader("Content-Type", "text/plain");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "resp", "");
      var rewrite = harness.call(Call.of(token)).rewrite();
      assertThat(rewrite.respHeaders())
          .containsExactly(
              entry("x-resp", "one"), entry("set-cookie", "a=1"), entry("set-cookie", "b=2"));
      assertThat(rewrite.path()).isNull();
      assertThat(rewrite.headers()).isEmpty();
    }
  }

  @Test
  void aNewBodyGoesWithoutFramingHeaderEdits() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "body",
                (conf, request, response, context) -> {
                  request.setBody("abc\n");
                  // Both would break the request under APISIX: they are dropped.
                  request.setHeader("Content-Length", "4");
                  request.removeHeader("transfer-encoding");
                  request.setHeader("x-kept", "yes");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "body", "");
      var rewrite =
          harness
              .call(
                  Call.of(token)
                      .header("transfer-encoding", "chunked")
                      .header("content-length", "9"))
              .rewrite();
      assertThat(new String(rewrite.body(), StandardCharsets.UTF_8)).isEqualTo("abc\n");
      assertThat(rewrite.headers()).containsExactly(entry("x-kept", "yes"));
    }
  }

  @Test
  void framingHeaderEditsAreDroppedWithoutANewBodyToo() {
    List<String> seen = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "framing",
                (conf, request, response, context) -> {
                  request.setHeader("content-length", "3");
                  request.removeHeader("Content-Length");
                  request.addHeader("content-length", "5");
                  request.setHeader("Transfer-Encoding", "chunked");
                  seen.add(request.header("content-length"));
                  return DONE;
                }))) {
      long token = harness.prepare(null, "framing", "");
      var reply = harness.call(Call.of(token).header("content-length", "10"));
      assertThat(reply.stop()).isNull();
      assertThat(reply.rewrite()).as("no edit reaches APISIX").isNull();
      assertThat(seen).containsExactly("10");
    }
  }

  @Test
  void stopHeadersLeaveFramingToNginx() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "stop",
                (conf, request, response, context) -> {
                  response.setHeader("Content-Length", "100");
                  response.addHeader("transfer-encoding", "chunked");
                  response.setHeader("x-kept", "yes");
                  response.stop(200, "short");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "stop", "");
      var stop = harness.call(Call.of(token)).stop();
      assertThat(stop.headers()).containsExactly(entry("x-kept", "yes"));
      assertThat(new String(stop.body(), StandardCharsets.UTF_8)).isEqualTo("short");
    }
  }

  @Test
  void laterFiltersSeeEarlierChangesAndHeaderNamesIgnoreCase() {
    List<String> seen = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "first",
                (conf, request, response, context) -> {
                  request.setHeader("X-Token", "t1");
                  request.setPath("/v2" + request.path());
                  request.addArg("page", "2");
                  request.setBody("new");
                  return DONE;
                }),
            TestBindings.request(
                "second",
                (conf, request, response, context) -> {
                  seen.add(request.header("x-TOKEN"));
                  seen.add(request.path());
                  seen.add(String.valueOf(request.args("page")));
                  seen.add(new String(request.body(), StandardCharsets.UTF_8));
                  seen.add(request.header("CONTENT-length"));
                  seen.add(String.valueOf(request.header("authorization")));
                  return DONE;
                }))) {
      long token = harness.prepare(null, "first", "", "second", "");
      harness.call(Call.of(token).path("/users").arg("page", "1").header("authorization", "k"));
      // content-length: the new body's, as APISIX will send it upstream.
      assertThat(seen).containsExactly("t1", "/v2/users", "[1, 2]", "new", "3", "k");
    }
  }

  @Test
  void firstStopEndsTheChainAndDropsRequestChanges() {
    List<String> ran = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "rewrite",
                (conf, request, response, context) -> {
                  ran.add("rewrite");
                  request.setPath("/elsewhere");
                  response.setHeader("X-Kept", "yes");
                  return DONE;
                }),
            TestBindings.request(
                "stop",
                (conf, request, response, context) -> {
                  ran.add("stop");
                  response.stop(403);
                  return DONE;
                }),
            TestBindings.request(
                "never",
                (conf, request, response, context) -> {
                  ran.add("never");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "rewrite", "", "stop", "", "never", "");
      RequestReply reply = harness.call(Call.of(token));
      assertThat(ran).containsExactly("rewrite", "stop");
      assertThat(reply.rewrite()).isNull();
      assertThat(reply.stop().status()).isEqualTo(403);
      assertThat(reply.stop().headers()).containsExactly(entry("x-kept", "yes"));
    }
  }

  @Test
  void theChainRunsInConfOrderAndAPluginMayRepeat() {
    List<String> ran = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "a",
                (conf, request, response, context) -> {
                  ran.add("a:" + conf);
                  return DONE;
                }),
            TestBindings.request(
                "b",
                (conf, request, response, context) -> {
                  ran.add("b:" + conf);
                  return DONE;
                }))) {
      long token = harness.prepare(null, "b", "1", "a", "2", "b", "3");
      harness.call(Call.of(token));
      assertThat(ran).containsExactly("b:1", "a:2", "b:3");
    }
  }

  @Test
  void whatApisixCannotExpressIsRefusedWithTheReason() {
    List<Throwable> refused = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "bad",
                (conf, request, response, context) -> {
                  for (Runnable attempt :
                      List.<Runnable>of(
                          () -> request.setPath("/a?b=c"),
                          () -> request.setPath("relative"),
                          () -> request.addHeader("x-req", "second"),
                          () -> request.setHeader("bad name", "v"),
                          () -> request.setHeader("x-ok", "line\r\nbreak"),
                          () -> response.stop(42))) {
                    try {
                      attempt.run();
                    } catch (RuntimeException e) {
                      refused.add(e);
                    }
                  }
                  request.addHeader("x-new", "fine");
                  return DONE;
                }))) {
      long token = harness.prepare(null, "bad", "");
      var rewrite = harness.call(Call.of(token).header("x-req", "first")).rewrite();
      assertThat(refused).hasSize(6);
      assertThat(refused.get(0)).hasMessageContaining("cannot contain '?'");
      assertThat(refused.get(1)).hasMessageContaining("must start with '/'");
      assertThat(refused.get(2))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("cannot send a second value");
      assertThat(refused.get(3)).hasMessageContaining("not an HTTP token");
      assertThat(refused.get(4)).hasMessageContaining("line break").hasMessageNotContaining("break\"");
      assertThat(refused.get(5)).hasMessageContaining("between 100 and 599");
      assertThat(rewrite.headers()).containsExactly(entry("x-new", "fine"));
    }
  }

  @Test
  void stateDoesNotLeakIntoTheNextCall() {
    List<String> seen = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "once",
                (conf, request, response, context) -> {
                  seen.add(String.valueOf(request.header("x-set")) + "/" + request.path());
                  if (request.header("x-first") != null) {
                    request.setHeader("x-set", "1");
                    request.setPath("/changed");
                    response.stop(401);
                  }
                  return DONE;
                }))) {
      long token = harness.prepare(null, "once", "");
      assertThat(harness.call(Call.of(token).header("x-first", "y")).stop()).isNotNull();
      RequestReply second = harness.call(Call.of(token));
      assertThat(second.stop()).isNull();
      assertThat(second.rewrite()).isNull();
      assertThat(seen).containsExactly("null//hello", "null//hello");
    }
  }

  @Test
  void undeclaredVarsAndBodiesSayHowToGetThem() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "reads",
                (conf, request, response, context) -> {
                  assertThatThrownBy(() -> request.var("remote_addr"))
                      .isInstanceOf(IllegalStateException.class)
                      .hasMessageContaining("@Var(\"remote_addr\")");
                  assertThatThrownBy(request::body).hasMessageContaining("@Body");
                  response.stop(204);
                  return DONE;
                }))) {
      long token = harness.prepare(null, "reads", "");
      assertThat(harness.call(Call.of(token)).stop().status()).isEqualTo(204);
    }
  }
}
