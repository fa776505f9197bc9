package dev.a6.internal.call;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.ConfException;
import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.conf.ConfCache;
import dev.a6.internal.conf.TokenSource;
import dev.a6.internal.wire.Messages;
import dev.a6.internal.wire.ProtocolException;
import dev.a6.internal.wire.Wire;
import dev.a6.internal.wire.err.Code;
import dev.a6.spi.FilterBinding;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every way a call can fail, and that the connection keeps serving after each. */
class ErrorPathsTest {

  private static final FilterBinding<Integer> STRICT =
      new FilterBinding<>("strict", FilterBinding.Execution.EVENT_LOOP, FilterBinding.Execution.NONE) {
        @Override
        public Integer prepare(String conf) {
          if (!conf.matches("\\d+")) {
            throw new ConfException("$: expected integer, got string");
          }
          return Integer.parseInt(conf);
        }

        @Override
        public CompletionStage<Void> onRequest(
            Integer limit, HttpRequest request, HttpResponse response, FilterContext context) {
          response.stop(200 + limit);
          return DONE;
        }
      };

  @Test
  void unknownOrExpiredTokensAskApisixToPrepareAgain() {
    try (Harness harness = new Harness(TimeUnit.SECONDS.toNanos(12), Runnable::run, STRICT)) {
      harness.send(Call.of(12345));
      assertThat(harness.expectError()).isEqualTo(Code.CONF_TOKEN_NOT_FOUND);

      long token = harness.prepare("route#1", "strict", "1");
      assertThat(harness.call(Call.of(token)).stop().status()).isEqualTo(201);
      // Used 11 s ago: still there, and the use extends its life.
      harness.clock.addAndGet(TimeUnit.SECONDS.toNanos(11));
      assertThat(harness.call(Call.of(token)).stop().status()).isEqualTo(201);
      harness.clock.addAndGet(TimeUnit.SECONDS.toNanos(11));
      assertThat(harness.call(Call.of(token)).stop().status()).isEqualTo(201);
      harness.clock.addAndGet(TimeUnit.SECONDS.toNanos(13));
      harness.send(Call.of(token));
      assertThat(harness.expectError()).isEqualTo(Code.CONF_TOKEN_NOT_FOUND);
      assertThat(harness.services.confs.sweep()).isEqualTo(1);
      assertThat(harness.services.confs.size()).isZero();
      // APISIX prepares again and gets a new token.
      long renewed = harness.prepare("route#1", "strict", "1");
      assertThat(renewed).isNotEqualTo(token);
      assertThat(harness.call(Call.of(renewed)).stop().status()).isEqualTo(201);
    }
  }

  @Test
  void badConfsAndUnknownPluginsFailThePrepareConf() {
    try (Harness harness = new Harness(STRICT)) {
      harness.write(
          Wire.PREPARE_CONF, ApisixCodec.prepareConf("route#2", Harness.conf("strict", "x")));
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      harness.write(
          Wire.PREPARE_CONF, ApisixCodec.prepareConf("route#3", Harness.conf("nope", "{}")));
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      assertThat(harness.prepare("route#4", "strict", "2")).isPositive();
    }
  }

  @Test
  void confErrorsNameThePluginAndWhatIsWrong() {
    ConfCache cache =
        new ConfCache(
            TestBindings.registry(STRICT, TestBindings.request("other", (c, q, r, x) -> DONE)),
            1,
            System::nanoTime,
            new TokenSource(System::currentTimeMillis));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                cache.prepare(
                    new Messages.PrepareConf(
                        java.util.List.of(new Messages.ConfEntry("strict", "\"x\"")), "k")))
        .isInstanceOf(ConfException.class)
        .hasMessage("strict: $: expected integer, got string");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                cache.prepare(
                    new Messages.PrepareConf(
                        java.util.List.of(new Messages.ConfEntry("limit", "{}")), "k")))
        .hasMessage("unknown plugin \"limit\"; this runner has other, strict");
  }

  @Test
  void aThrowingFilterFailsOnlyItsCall() {
    try (Harness harness =
        new Harness(
            STRICT,
            TestBindings.request(
                "boom",
                (conf, request, response, context) -> {
                  throw new IllegalStateException("broken plugin");
                }))) {
      long broken = harness.prepare(null, "boom", "");
      harness.send(Call.of(broken));
      assertThat(harness.expectError()).isEqualTo(Code.SERVICE_UNAVAILABLE);
      long fine = harness.prepare(null, "strict", "5");
      assertThat(harness.call(Call.of(fine)).stop().status()).isEqualTo(205);
      assertThat(harness.busy()).isFalse();
    }
  }

  @Test
  void aFailedStageFailsTheCall() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "async-boom",
                (conf, request, response, context) ->
                    CompletableFuture.failedFuture(new IllegalArgumentException("later"))));
        Harness pending =
            new Harness(
                TestBindings.request(
                    "async-later",
                    (conf, request, response, context) -> {
                      CompletableFuture<Void> done = new CompletableFuture<>();
                      context.delay(java.time.Duration.ofMillis(1)).thenRun(
                          () -> done.completeExceptionally(new IllegalStateException("late")));
                      return done;
                    }))) {
      long token = harness.prepare(null, "async-boom", "");
      harness.send(Call.of(token));
      assertThat(harness.expectError()).isEqualTo(Code.SERVICE_UNAVAILABLE);

      long later = pending.prepare(null, "async-later", "");
      pending.channel.freezeTime();
      pending.send(Call.of(later));
      pending.expectNothing();
      pending.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
      pending.channel.runScheduledPendingTasks();
      assertThat(pending.expectError()).isEqualTo(Code.SERVICE_UNAVAILABLE);
    }
  }

  @Test
  void undecodableCallsGetBadRequest() {
    try (Harness harness = new Harness(STRICT)) {
      long token = harness.prepare(null, "strict", "1");
      ByteBuffer call = Call.of(token).encode();
      byte[] bytes = new byte[call.remaining()];
      call.get(bytes);
      // Point the root offset past the end.
      bytes[0] = (byte) 0xF0;
      harness.write(Wire.HTTP_REQ_CALL, ByteBuffer.wrap(bytes));
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      harness.write(Wire.HTTP_RESP_CALL, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      assertThat(harness.call(Call.of(token)).stop().status()).isEqualTo(201);
    }
  }

  @Test
  void aMalformedHeaderFoundWhileAFilterReadsItGetsBadRequest() {
    // Headers and args are indexed when first read: a filter may be the first to meet a bad one.
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "reader",
                (conf, request, response, context) -> {
                  throw new ProtocolException("malformed HTTPReqCall payload: headers: bad entry");
                }))) {
      long token = harness.prepare(null, "reader", "");
      harness.send(Call.of(token));
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
      assertThat(harness.busy()).isFalse();
    }
  }

  @Test
  void anUnaskedExtraInfoAnswerGetsBadRequest() {
    try (Harness harness = new Harness()) {
      harness.answer(new byte[] {1});
      assertThat(harness.expectError()).isEqualTo(Code.BAD_REQUEST);
    }
  }

  @Test
  void aCallOverlappingAnotherClosesTheConnection() {
    try (Harness harness =
        new Harness(
            TestBindings.request(
                "hang", (conf, request, response, context) -> new CompletableFuture<>()))) {
      long token = harness.prepare(null, "hang", "");
      harness.send(Call.of(token));
      harness.send(Call.of(token));
      assertThat(harness.channel.isOpen()).isFalse();
      assertThat(harness.busy()).isFalse();
    }
  }

  @Test
  void aPrepareConfOnOneConnectionServesCallsOnAnother() {
    try (Harness harness = new Harness(STRICT)) {
      long token = harness.prepare("route#1#ext-plugin-pre-req#1", "strict", "3");
      var other = harness.newConnection();
      Harness.write(other, Wire.HTTP_REQ_CALL, Call.of(token).encode());
      var frame = Harness.read(other);
      assertThat(ApisixCodec.requestReply(frame.payload()).stop().status()).isEqualTo(203);
    }
  }

  @Test
  void theSameKeyAndConfGetTheSameToken() {
    try (Harness harness = new Harness(STRICT)) {
      long first = harness.prepare("route#1#ext-plugin-pre-req#7", "strict", "1");
      assertThat(harness.prepare("route#1#ext-plugin-pre-req#7", "strict", "1")).isEqualTo(first);
      long changed = harness.prepare("route#1#ext-plugin-pre-req#7", "strict", "2");
      assertThat(changed).isNotEqualTo(first);
      // The old token stays valid: APISIX may still hold it.
      assertThat(harness.call(Call.of(first)).stop().status()).isEqualTo(201);
      assertThat(harness.call(Call.of(changed)).stop().status()).isEqualTo(202);
      long unkeyed = harness.prepare(null, "strict", "1");
      assertThat(harness.prepare(null, "strict", "1")).isNotEqualTo(unkeyed);
    }
  }

  @Test
  void aRouteWithoutConfGetsAnEmptyChain() {
    try (Harness harness = new Harness()) {
      harness.write(Wire.PREPARE_CONF, ApisixCodec.prepareConf("route#9", null));
      long token = ApisixCodec.confToken(harness.expect(Wire.PREPARE_CONF).payload());
      assertThat(token).isPositive();
      var reply = harness.call(Call.of(token).id(5));
      assertThat(reply.id()).isEqualTo(5);
      assertThat(reply.stop()).isNull();
      assertThat(reply.rewrite()).isNull();
    }
  }
}
