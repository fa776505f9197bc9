package dev.a6.samples;

import dev.a6.FilterContext;
import dev.a6.HttpResponse;
import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;
import dev.a6.annotation.IgnoreUnknownKeys;
import dev.a6.annotation.Key;
import dev.a6.annotation.Required;
import org.jspecify.annotations.Nullable;

/** {@code fault-injection}: fails a share of the requests with a fixed status. */
final class FaultInjection {
  private FaultInjection() {}

  /**
   * @param body the body of the injected response; empty or absent for none
   * @param httpStatus the status of the injected response, 200 to 599
   * @param percentage the share of requests to fail, 0 to 100
   */
  @IgnoreUnknownKeys // as the Go runner's example, which ignores other keys
  record FaultConf(
      @Nullable String body,
      @Required @Key("http_status") int httpStatus,
      @Default("100") int percentage) {
    FaultConf {
      if (httpStatus < 200 || httpStatus > 599) {
        throw new IllegalArgumentException("http_status must be from 200 to 599");
      }
      if (percentage < 0 || percentage > 100) {
        throw new IllegalArgumentException("percentage must be from 0 to 100");
      }
    }
  }

  @Filter("fault-injection")
  static void inject(FaultConf conf, FilterContext context, HttpResponse response) {
    if (context.random().nextInt(100) >= conf.percentage()) {
      return;
    }
    String body = conf.body();
    response.stop(conf.httpStatus(), body == null ? "" : body);
  }
}
