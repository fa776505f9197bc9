package dev.a6.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Watches every filter a runner runs, for metrics and tracing. The runner finds its observers
 * when it starts, as {@link java.util.ServiceLoader services} of this interface on its class path
 * (a jar's {@code META-INF/services/dev.a6.spi.FilterObserver}, or {@code provides} in a named
 * module); a runner with none pays nothing for this hook.
 *
 * <p>Both methods run on the filter's thread (an event loop, or a worker for a blocking chain) on
 * every call: they must be quick, must not block, and should not allocate when they need not. A
 * method that throws is logged and its run goes on.
 */
public interface FilterObserver {

  /** Which of APISIX's two calls runs the filter. */
  enum Phase {
    /** {@code ext-plugin-pre-req} or {@code ext-plugin-post-req}: before the upstream. */
    REQUEST,
    /** {@code ext-plugin-post-resp}: after the upstream answered. */
    RESPONSE
  }

  /** What a filter did. */
  enum Outcome {
    /** It left the request (or response) as it was. */
    CONTINUE,
    /** It asked for a change: a header, the path, an argument, the body or the status. */
    REWRITE,
    /** It answered the client itself (request phase only); later filters do not run. */
    STOP,
    /** It threw, returned a failed stage or no stage: the call is answered with an Err. */
    ERROR
  }

  /** The filter about to run or that ran; valid only during {@link #started} and {@link #ended}. */
  interface FilterRun {
    /** The plugin's name, as in APISIX's conf. */
    String plugin();

    Phase phase();

    /** The PrepareConf key of the route (APISIX's conf version and route), or {@code null}. */
    @Nullable String routeKey();

    /** APISIX's id of the request, for one log line and another. */
    long requestId();

    /**
     * A header of the client's request, or {@code null}. In the request phase every header is
     * there. The response phase carries none: only those whose {@code http_<name>} variable an
     * observer asked for with {@link #responseVars} can be read, lower case with {@code -} as
     * {@code _} (for {@code traceparent}, {@code http_traceparent}).
     */
    @Nullable String requestHeader(String name);
  }

  /**
   * Called just before a filter runs. Returns what {@link #ended} is given back for this run (a
   * span, say), or {@code null}.
   */
  @Nullable Object started(FilterRun run);

  /**
   * Called when the filter's work is done: when it returned, or when the stage it returned
   * completed. Not called for a filter whose call was abandoned first (APISIX closed the
   * connection).
   *
   * @param started what {@link #started} returned for this run
   * @param nanos how long the filter took, its stage included
   * @param failure why it failed, for {@link Outcome#ERROR}; {@code null} otherwise
   */
  void ended(
      FilterRun run,
      @Nullable Object started,
      Outcome outcome,
      long nanos,
      @Nullable Throwable failure);

  /**
   * APISIX variables every response phase must fetch for this observer, such as {@code
   * http_traceparent}. Each costs an ExtraInfo round trip on every call that has a response
   * filter; none by default.
   */
  default List<String> responseVars() {
    return List.of();
  }
}
