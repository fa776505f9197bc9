package dev.a6.internal.conf;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import dev.a6.spi.FilterBinding;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * A plugin of a chain with its prepared conf: the binding's type ties the two together.
 *
 * @param number the plugin's place in the runner's registry, from 0: how metrics find its series
 *     without a lookup by name
 */
public record PreparedFilter<P extends @Nullable Object>(
    FilterBinding<P> binding, P prepared, int number) {

  public String name() {
    return binding.name();
  }

  /**
   * Closes the prepared conf if it is {@link AutoCloseable} (the generated holder of a {@code
   * @Prepared} state is when the state is). A failure is logged, never thrown: the chain goes away
   * all the same.
   */
  void close() {
    if (prepared instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(PreparedFilter.class)
            .warn("closing the prepared state of plugin \"{}\" failed", name(), e);
      }
    }
  }

  public CompletionStage<Void> onRequest(
      HttpRequest request, HttpResponse response, FilterContext context) {
    return binding.onRequest(prepared, request, response, context);
  }

  public CompletionStage<Void> onResponse(UpstreamResponse response, FilterContext context) {
    return binding.onResponse(prepared, response, context);
  }
}
