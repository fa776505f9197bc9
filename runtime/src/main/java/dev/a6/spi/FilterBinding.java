package dev.a6.spi;

import dev.a6.ConfException;
import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One plugin as the runtime sees it: how to prepare its conf, and how to call it in each phase.
 *
 * <p>{@code P} is the plugin's prepared conf: whatever {@link #prepare} builds once per PrepareConf
 * (the parsed conf record, plus any per-conf state). The runtime keeps it for as long as APISIX may
 * use the conf token and passes it back on every call.
 *
 * @param <P> the prepared conf
 */
public abstract class FilterBinding<P extends @Nullable Object> {

  /** How a phase of a plugin runs. */
  public enum Execution {
    /** The plugin has no method for the phase, so it does nothing in it. */
    NONE,
    /** The method runs on the connection's event loop and must not block. */
    EVENT_LOOP,
    /** The method may block: its whole chain runs on the runner's bounded worker pool. */
    BLOCKING
  }

  /**
   * The result of a method that finished synchronously. An immutable stage, shared by every call:
   * it cannot be completed again or obtruded, and {@code toCompletableFuture()} gives a copy.
   */
  public static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

  private final String name;
  private final Execution onRequest;
  private final Execution onResponse;

  /**
   * @param name the plugin name as APISIX routes write it: 1 to 128 characters
   * @param onRequest how the request phase runs
   * @param onResponse how the response phase runs
   */
  protected FilterBinding(String name, Execution onRequest, Execution onResponse) {
    if (name.isEmpty() || name.length() > 128) {
      throw new IllegalArgumentException(
          "plugin names have 1 to 128 characters, as in APISIX; got " + name.length());
    }
    this.name = name;
    this.onRequest = Objects.requireNonNull(onRequest);
    this.onResponse = Objects.requireNonNull(onResponse);
  }

  /** The plugin name. */
  public final String name() {
    return name;
  }

  /** How the request phase runs. */
  public final Execution onRequestExecution() {
    return onRequest;
  }

  /** How the response phase runs. */
  public final Execution onResponseExecution() {
    return onResponse;
  }

  /**
   * Parses the conf value APISIX sent for this plugin and builds its per-conf state.
   *
   * @param conf the conf value exactly as configured in the route (normally JSON)
   * @throws ConfException if the conf cannot be used; the message does not name the plugin
   */
  public abstract P prepare(String conf);

  /** What the request phase needs fetched from APISIX before it runs. */
  public FetchPlan requestFetch(P prepared) {
    return FetchPlan.NONE;
  }

  /** What the response phase needs fetched from APISIX before it runs. */
  public FetchPlan responseFetch(P prepared) {
    return FetchPlan.NONE;
  }

  /**
   * Runs the request phase.
   *
   * @return {@link #DONE}, or a stage the call waits for
   */
  public CompletionStage<Void> onRequest(
      P prepared, HttpRequest request, HttpResponse response, FilterContext context) {
    throw new UnsupportedOperationException(name + " has no request phase");
  }

  /**
   * Runs the response phase.
   *
   * @return {@link #DONE}, or a stage the call waits for
   */
  public CompletionStage<Void> onResponse(
      P prepared, UpstreamResponse response, FilterContext context) {
    throw new UnsupportedOperationException(name + " has no response phase");
  }

  @Override
  public String toString() {
    return "FilterBinding[" + name + "]";
  }
}
