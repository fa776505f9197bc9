package dev.a6.internal.apisix;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterBinding.Execution;
import dev.a6.spi.FilterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Hand-written filter bindings for runtime tests; the conf is the raw string. */
public final class TestBindings {
  private TestBindings() {}

  public interface OnRequest {
    CompletionStage<Void> run(
        String conf, HttpRequest request, HttpResponse response, FilterContext context)
        throws Exception;
  }

  public interface OnResponse {
    CompletionStage<Void> run(String conf, UpstreamResponse response, FilterContext context)
        throws Exception;
  }

  public static FilterRegistry registry(FilterBinding<?>... bindings) {
    List<FilterBinding<?>> sorted =
        Arrays.stream(bindings).sorted(Comparator.comparing(FilterBinding::name)).toList();
    return () -> sorted;
  }

  /**
   * {@code wait}: waits the conf's milliseconds on the event loop's timer, without a thread, then
   * answers 203.
   */
  public static FilterBinding<String> waitThen203() {
    return request(
        "wait",
        (conf, request, response, context) ->
            context
                .delay(Duration.ofMillis(Long.parseLong(conf)))
                .thenRun(() -> response.stop(203)));
  }

  public static FilterBinding<String> request(String name, OnRequest body) {
    return request(name, FetchPlan.NONE, false, body);
  }

  public static FilterBinding<String> request(
      String name, FetchPlan fetch, boolean blocking, OnRequest body) {
    return new FilterBinding<>(
        name,
        blocking ? Execution.BLOCKING : Execution.EVENT_LOOP,
        Execution.NONE) {
      @Override
      public String prepare(String conf) {
        return conf;
      }

      @Override
      public FetchPlan requestFetch(String prepared) {
        return fetch;
      }

      @Override
      public CompletionStage<Void> onRequest(
          String conf, HttpRequest request, HttpResponse response, FilterContext context) {
        try {
          return body.run(conf, request, response, context);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  public static FilterBinding<String> response(String name, FetchPlan fetch, OnResponse body) {
    return new FilterBinding<>(name, Execution.NONE, Execution.EVENT_LOOP) {
      @Override
      public String prepare(String conf) {
        return conf;
      }

      @Override
      public FetchPlan responseFetch(String prepared) {
        return fetch;
      }

      @Override
      public CompletionStage<Void> onResponse(
          String conf, UpstreamResponse response, FilterContext context) {
        try {
          return body.run(conf, response, context);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
