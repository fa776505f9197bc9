package dev.a6.internal.call;

import static dev.a6.spi.FilterBinding.DONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.Harness;
import dev.a6.internal.apisix.Harness.Call;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.conf.ConfCache;
import dev.a6.internal.conf.TokenSource;
import dev.a6.internal.transport.FrameDecoder;
import dev.a6.internal.wire.Wire;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --log-rpc}: a decoded line per RPC, credentials and bodies left out unless asked. */
class RpcLogTest {
  private final List<String> lines = new ArrayList<>();
  private EmbeddedChannel channel;

  private void runner(boolean redact) {
    ConfCache confs =
        new ConfCache(
            TestBindings.registry(
                TestBindings.request(
                    "guard",
                    (conf, request, response, context) ->
                        request
                            .fetchVar("remote_addr")
                            .thenAccept(client -> response.stop(401, "no entry"))),
                TestBindings.request(
                    "boom",
                    (conf, request, response, context) -> {
                      throw new IllegalStateException("boom");
                    }),
                TestBindings.request("pass", (conf, request, response, context) -> DONE)),
            TimeUnit.HOURS.toNanos(1),
            System::nanoTime,
            new TokenSource(System::currentTimeMillis));
    RunnerServices services =
        new RunnerServices(
            confs,
            new BlockingPool(Runnable::run, 64),
            LoopContext::new,
            new RateLimitedLog(0, System::nanoTime),
            System::nanoTime,
            new RpcLog(redact, lines::add),
            RunnerEvents.NONE,
            null);
    channel = new EmbeddedChannel(new FrameDecoder(), new Connection(services));
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private long prepare(String key, String plugin, String conf) {
    Harness.write(
        channel, Wire.PREPARE_CONF, ApisixCodec.prepareConf(key, List.of(new Entry(plugin, conf))));
    Harness.Frame reply = Harness.read(channel);
    return reply.type() == Wire.PREPARE_CONF ? ApisixCodec.confToken(reply.payload()) : -1;
  }

  private Call call(long token) {
    return Call.of(token)
        .path("/users")
        .arg("page", "2")
        .header("Authorization", "Bearer secret-token")
        .header("cookie", "session=abc")
        .header("x-trace", "t1");
  }

  @Test
  void credentialsAndConfValuesAreLeftOutByDefault() {
    runner(true);
    long token = prepare("route#1#ext-plugin-pre-req#1", "guard", "{\"key\": \"s3cret\"}");
    Harness.write(channel, Wire.HTTP_REQ_CALL, call(token).encode());
    Harness.Frame extraInfo = Harness.read(channel);
    assertThat(extraInfo.type()).isEqualTo(Wire.EXTRA_INFO);
    Harness.write(channel, Wire.EXTRA_INFO, ApisixCodec.extraInfoAnswer("10.0.0.1".getBytes()));
    assertThat(Harness.read(channel).type()).isEqualTo(Wire.HTTP_REQ_CALL);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .matches(
            "connection embedded PrepareConf key=route#1#ext-plugin-pre-req#1"
                + " conf=\\[guard \\(17 chars\\)\\] → token " + token + " in \\d+ µs")
        .doesNotContain("s3cret");
    assertThat(lines.get(1))
        .startsWith(
            "connection embedded HTTPReqCall id=1 token=" + token
                + " key=route#1#ext-plugin-pre-req#1 chain=[guard] GET /users"
                + " args={page=2} headers={Authorization: <redacted>, cookie: <redacted>,"
                + " x-trace: t1} → stop 401, 1 ExtraInfo in ")
        .doesNotContain("secret-token")
        .doesNotContain("session=abc");
  }

  @Test
  void unredactedShowsEverything() {
    runner(false);
    long token = prepare("route#2", "pass", "{\"key\": \"s3cret\"}");
    Harness.write(channel, Wire.HTTP_REQ_CALL, call(token).encode());
    Harness.read(channel);

    assertThat(lines.get(0)).contains("conf=[pass {\"key\": \"s3cret\"}]");
    assertThat(lines.get(1))
        .contains("headers={Authorization: Bearer secret-token, cookie: session=abc, x-trace: t1}")
        .contains("→ pass, unchanged in ");
  }

  @Test
  void errorsSayWhichErr() {
    runner(true);
    assertThat(prepare("route#3", "no-such-plugin", "{}")).isEqualTo(-1);
    long token = prepare("route#4", "boom", "");
    Harness.write(channel, Wire.HTTP_REQ_CALL, call(token).encode());
    assertThat(Harness.read(channel).type()).isEqualTo(Wire.ERROR);

    assertThat(lines.get(0)).contains("PrepareConf key=route#3 conf=[no-such-plugin (2 chars)] → Err BAD_REQUEST");
    assertThat(lines.get(2)).contains("chain=[boom]").contains("→ Err SERVICE_UNAVAILABLE in ");
  }
}
