package dev.a6.samples;

import dev.a6.HttpResponse;
import dev.a6.annotation.Filter;
import dev.a6.annotation.IgnoreUnknownKeys;
import dev.a6.annotation.Prepared;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** {@code say}: answers the request itself with the configured body. */
final class Say {
  private Say() {}

  /**
   * @param body the response body; empty or absent makes the plugin do nothing
   */
  @IgnoreUnknownKeys // as the Go runner's example, which ignores other keys
  record SayConf(@Nullable String body) {}

  /** The body, encoded once per conf rather than once per request. */
  static final class Reply {
    final byte[] body;

    Reply(SayConf conf) {
      this.body =
          conf.body() == null ? new byte[0] : conf.body().getBytes(StandardCharsets.UTF_8);
    }
  }

  @Filter("say")
  static void say(@Prepared Reply reply, HttpResponse response) {
    if (reply.body.length == 0) {
      return;
    }
    response.setHeader("X-Resp-A6-Runner", "Java");
    response.stop(200, reply.body);
  }
}
