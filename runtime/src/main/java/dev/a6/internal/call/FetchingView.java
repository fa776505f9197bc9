package dev.a6.internal.call;

import dev.a6.internal.wire.extrainfo.Info;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What the request and the upstream response views share: the variables and bodies fetched from
 * APISIX for the call, and fetching more on demand.
 */
abstract class FetchingView {
  final Fetched fetched;
  private final Fetcher fetcher;

  FetchingView(Fetched fetched, Fetcher fetcher) {
    this.fetched = fetched;
    this.fetcher = fetcher;
  }

  public @Nullable String var(String name) {
    return fetched.var(name);
  }

  public byte @Nullable [] varBytes(String name) {
    return fetched.varBytes(name);
  }

  public CompletionStage<Optional<String>> fetchVar(String name) {
    return fetcher
        .fetch(Info.Var, name)
        .thenApply(bytes -> Optional.ofNullable(fetched.var(name)));
  }

  /** Fetches the client's request body; completes with it as recorded. */
  CompletionStage<byte[]> fetchRequestBodyNow() {
    return fetcher.fetch(Info.ReqBody, null).thenApply(bytes -> fetched.requestBody());
  }

  /** Fetches the upstream's body; completes with it as recorded. */
  CompletionStage<byte[]> fetchUpstreamBodyNow() {
    return fetcher.fetch(Info.RespBody, null).thenApply(bytes -> fetched.upstreamBody());
  }
}
