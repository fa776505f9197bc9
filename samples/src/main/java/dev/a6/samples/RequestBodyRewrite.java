package dev.a6.samples;

import dev.a6.HttpRequest;
import dev.a6.annotation.Filter;
import dev.a6.annotation.IgnoreUnknownKeys;
import dev.a6.annotation.Key;
import dev.a6.annotation.Prepared;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** {@code request-body-rewrite}: sends the upstream another request body (APISIX 3.6+). */
final class RequestBodyRewrite {
  private RequestBodyRewrite() {}

  /**
   * @param newBody the body the upstream receives; empty or absent leaves the body alone
   */
  @IgnoreUnknownKeys // as the Go runner's example, which ignores other keys
  record BodyConf(@Key("new_body") @Nullable String newBody) {}

  /** The body, encoded once per conf. */
  static final class NewBody {
    final byte[] bytes;

    NewBody(BodyConf conf) {
      this.bytes =
          conf.newBody() == null ? new byte[0] : conf.newBody().getBytes(StandardCharsets.UTF_8);
    }
  }

  @Filter("request-body-rewrite")
  static void rewrite(@Prepared NewBody body, HttpRequest request) {
    if (body.bytes.length > 0) {
      request.setBody(body.bytes);
    }
  }
}
