package dev.a6.internal;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import dev.a6.spi.FilterBinding;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** A plugin of a chain with its prepared conf: the binding's type ties the two together. */
record PreparedFilter<P extends @Nullable Object>(FilterBinding<P> binding, P prepared) {

  String name() {
    return binding.name();
  }

  CompletionStage<Void> onRequest(
      HttpRequest request, HttpResponse response, FilterContext context) {
    return binding.onRequest(prepared, request, response, context);
  }

  CompletionStage<Void> onResponse(UpstreamResponse response, FilterContext context) {
    return binding.onResponse(prepared, response, context);
  }
}
