package dev.a6.opentelemetry;

import dev.a6.spi.FilterObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A span for every plugin run of a traced request, as a child of the trace APISIX started: its
 * {@code opentelemetry} plugin sets the request's W3C {@code traceparent} before {@code
 * ext-plugin-pre-req} runs. Requests without one are not traced, and sampling follows the
 * parent's decision, so a6 traces exactly what APISIX traces.
 *
 * <p>Each span is named {@code a6 <plugin>}, is {@link SpanKind#INTERNAL}, and carries {@code
 * a6.plugin}, {@code a6.phase} ({@code request} or {@code response}), {@code a6.route_key} (the
 * PrepareConf key), {@code a6.request_id} (APISIX's) and {@code a6.outcome} ({@code continue},
 * {@code rewrite}, {@code stop} or {@code error}); a failing filter's exception is recorded on its
 * span, whose status is then ERROR.
 *
 * <p>In the response phase APISIX sends no request header: the runner fetches {@code
 * http_traceparent} for it, one ExtraInfo round trip per call that has a response filter.
 *
 * <p>On a runner's class path this observer is found and created by the runner at start-up, and
 * configures the OpenTelemetry SDK from the standard {@code OTEL_*} environment variables and
 * {@code otel.*} system properties (exporter, endpoint, sampler, resource). The service name is
 * {@code a6-runner} and the OTLP protocol {@code http/protobuf} unless set. The SDK is also made the global {@link OpenTelemetry}, so that
 * plugins can add spans of their own.
 */
public final class TracingObserver implements FilterObserver {
  static final AttributeKey<String> PLUGIN = AttributeKey.stringKey("a6.plugin");
  static final AttributeKey<String> PHASE = AttributeKey.stringKey("a6.phase");
  static final AttributeKey<String> ROUTE_KEY = AttributeKey.stringKey("a6.route_key");
  static final AttributeKey<Long> REQUEST_ID = AttributeKey.longKey("a6.request_id");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("a6.outcome");

  private static final String TRACEPARENT = "traceparent";

  /** Reads the propagation headers of the call's request. */
  private static final TextMapGetter<FilterRun> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(FilterRun run) {
          return List.of(TRACEPARENT, "tracestate");
        }

        @Override
        public @Nullable String get(@Nullable FilterRun run, String key) {
          return run == null ? null : run.requestHeader(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  /** Configured by the SDK's autoconfiguration: what a runner uses. */
  public TracingObserver() {
    this(
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.service.name", "a6-runner",
                        // Sent by the JDK's HTTP client; the SDK's default, gRPC, would need
                        // OkHttp or grpc-java on the class path.
                        "otel.exporter.otlp.protocol", "http/protobuf"))
            .setResultAsGlobal()
            .build()
            .getOpenTelemetrySdk());
  }

  /** Traces into {@code openTelemetry}, extracting the parent with its propagators. */
  public TracingObserver(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.a6.opentelemetry");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  @Override
  public @Nullable Object started(FilterRun run) {
    // Checked first: an untraced request costs one header lookup, nothing more.
    if (run.requestHeader(TRACEPARENT) == null) {
      return null;
    }
    Context parent = propagator.extract(Context.root(), run, HEADERS);
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return null;
    }
    String routeKey = run.routeKey();
    var span =
        tracer
            .spanBuilder("a6 " + run.plugin())
            .setParent(parent)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(PLUGIN, run.plugin())
            .setAttribute(PHASE, run.phase().name().toLowerCase(Locale.ROOT))
            .setAttribute(REQUEST_ID, run.requestId());
    if (routeKey != null) {
      span.setAttribute(ROUTE_KEY, routeKey);
    }
    return span.startSpan();
  }

  @Override
  public void ended(
      FilterRun run,
      @Nullable Object started,
      Outcome outcome,
      long nanos,
      @Nullable Throwable failure) {
    if (!(started instanceof Span span)) {
      return;
    }
    span.setAttribute(OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, failure.getClass().getName());
    }
    span.end();
  }

  @Override
  public List<String> responseVars() {
    return List.of("http_" + TRACEPARENT);
  }
}
