package dev.a6.samples;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Key;
import dev.a6.annotation.Required;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code body-limit}: refuses request bodies over a size with 413. The declared {@code
 * content-length} decides at once; without one (a chunked body) the body is fetched and measured.
 */
final class BodyLimit {
  private BodyLimit() {}

  /**
   * @param maxBytes the largest body accepted
   */
  record LimitConf(@Required @Key("max_bytes") int maxBytes) {
    LimitConf {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("max_bytes must be >= 0");
      }
    }
  }

  @Filter("body-limit")
  static CompletionStage<Void> limit(
      LimitConf conf, HttpRequest request, HttpResponse response, FilterContext context) {
    long declared = contentLength(request.header("content-length"));
    if (declared >= 0) {
      if (declared > conf.maxBytes()) {
        tooLarge(conf, response);
      }
      return context.delay(Duration.ZERO);
    }
    return request
        .fetchBody()
        .thenAccept(
            body -> {
              if (body.length > conf.maxBytes()) {
                tooLarge(conf, response);
              }
            });
  }

  private static void tooLarge(LimitConf conf, HttpResponse response) {
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.stop(413, "request body larger than " + conf.maxBytes() + " bytes\n");
  }

  /** The declared length, or -1 when absent or not a number. */
  private static long contentLength(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 18) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!Character.isDigit(value.charAt(i))) {
        return -1;
      }
    }
    return Long.parseLong(value);
  }
}
