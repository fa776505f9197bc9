package dev.a6.internal.call;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.RunnerException;
import dev.a6.internal.apisix.ApisixCodec.ExtraInfoRequest;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.extrainfo.Info;
import dev.a6.spi.FetchPlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ExtraInfo round trips during a call (protocol 2.6 and 3.3). */
class ExtraInfoTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ExtraInfoRequest extraInfo(Harness harness) {
    return ApisixCodec.extraInfoRequest(harness.expect(Wire.EXTRA_INFO).payload());
  }

  @Test
  void declaredNeedsArePipelinedBeforeTheChainRuns() {
    List<String> seen = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "a",
                FetchPlan.of(true, false, "remote_addr", "arg_x"),
                false,
                (conf, request, response, context) -> {
                  seen.add(request.var("remote_addr"));
                  seen.add("[" + request.var("arg_x") + "]");
                  seen.add(String.valueOf(request.var("route_id")));
                  seen.add(new String(request.body(), StandardCharsets.UTF_8));
                  return DONE;
                }),
            TestBindings.request(
                "b",
                FetchPlan.of(false, true, "route_id", "remote_addr"),
                false,
                (conf, request, response, context) -> DONE))) {
      long token = harness.prepare(null, "a", "", "b", "");
      harness.send(Call.of(token));
      // All four requests are written before any answer: one per var, then the body; the
      // upstream body is left out of the request phase.
      assertThat(extraInfo(harness)).isEqualTo(new ExtraInfoRequest(Info.Var, "remote_addr"));
      assertThat(extraInfo(harness)).isEqualTo(new ExtraInfoRequest(Info.Var, "arg_x"));
      assertThat(extraInfo(harness)).isEqualTo(new ExtraInfoRequest(Info.Var, "route_id"));
      assertThat(extraInfo(harness)).isEqualTo(new ExtraInfoRequest(Info.ReqBody, null));
      harness.expectNothing();
      harness.answer(utf8("10.0.0.1"));
      harness.answer(new byte[0]);
      harness.answer(null);
      harness.expectNothing();
      harness.answer(utf8("{\"a\":1}"));
      assertThat(ApisixCodec.requestReply(harness.expect(Wire.HTTP_REQ_CALL).payload()).stop())
          .isNull();
      // An empty result ("") differs from an absent one (nil).
      assertThat(seen).containsExactly("10.0.0.1", "[]", "null", "{\"a\":1}");
    }
  }

  @Test
  void aFilterCanFetchOnDemandAndWaitWithoutBlocking() {
    List<Object> seen = new ArrayList<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "lazy",
                (conf, request, response, context) ->
                    request
                        .fetchVar("server_addr")
                        .thenCompose(
                            addr -> {
                              seen.add(addr);
                              seen.add(request.var("server_addr"));
                              return request.fetchBody();
                            })
                        .thenAccept(
                            body -> {
                              seen.add(body.length);
                              response.stop(200, body);
                            })))) {
      long token = harness.prepare(null, "lazy", "");
      harness.send(Call.of(token));
      assertThat(extraInfo(harness)).isEqualTo(new ExtraInfoRequest(Info.Var, "server_addr"));
      harness.answer(utf8("127.0.0.2"));
      assertThat(extraInfo(harness)).isEqualTo(new ExtraInfoRequest(Info.ReqBody, null));
      harness.answer(null);
      var stop = ApisixCodec.requestReply(harness.expect(Wire.HTTP_REQ_CALL).payload()).stop();
      assertThat(stop.body()).isNull();
      assertThat(seen).containsExactly(Optional.of("127.0.0.2"), "127.0.0.2", 0);
    }
  }

  @Test
  void theResponsePhaseFetchesTheUpstreamBody() {
    try (Harness harness =
        new Harness(
            TestBindings.response(
                "body",
                FetchPlan.of(false, true),
                (conf, response, context) -> {
                  String body = new String(response.body(), StandardCharsets.UTF_8);
                  response.setBody(body.replace("hello", "world"));
                  return DONE;
                }))) {
      long token = harness.prepare(null, "body", "");
      harness.sendResponse(token, 200);
      assertThat(extraInfo(harness)).isEqualTo(new ExtraInfoRequest(Info.RespBody, null));
      harness.answer(utf8("hello hello"));
      var reply = ApisixCodec.responseReply(harness.expect(Wire.HTTP_RESP_CALL).payload());
      assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("world world");
    }
  }

  @Test
  void delaysUseTheEventLoopClock() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "slow",
                (conf, request, response, context) ->
                    context
                        .delay(Duration.ofMillis(300))
                        .thenRun(() -> response.stop(429))))) {
      long token = harness.prepare(null, "slow", "");
      harness.channel.freezeTime();
      harness.send(Call.of(token));
      harness.expectNothing();
      harness.channel.advanceTimeBy(299, TimeUnit.MILLISECONDS);
      harness.channel.runScheduledPendingTasks();
      harness.expectNothing();
      harness.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
      harness.channel.runScheduledPendingTasks();
      var stop = ApisixCodec.requestReply(harness.expect(Wire.HTTP_REQ_CALL).payload()).stop();
      assertThat(stop.status()).isEqualTo(429);
    }
  }

  @Test
  void aFetchOfAClosedConnectionFailsTheStage() {
    CompletableFuture<Optional<String>> fetch = new CompletableFuture<>();
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "orphan",
                (conf, request, response, context) -> {
                  request.fetchVar("x").whenComplete((v, e) -> {
                    if (e != null) {
                      fetch.completeExceptionally(e);
                    } else {
                      fetch.complete(v);
                    }
                  });
                  return new CompletableFuture<>();
                }))) {
      long token = harness.prepare(null, "orphan", "");
      harness.send(Call.of(token));
      extraInfo(harness);
      harness.channel.close();
      assertThat(fetch).isCompletedExceptionally();
      assertThat(fetch.handle((v, e) -> e).join())
          .cause()
          .isInstanceOf(RunnerException.class)
          .hasMessageContaining("closed the connection");
      assertThat(harness.busy()).isFalse();
    }
  }
}
