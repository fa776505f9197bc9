package dev.a6.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixConnection;
import dev.a6.internal.apisix.ApisixConnection.Frame;
import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.transport.Server;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterBinding.Execution;
import dev.a6.spi.FilterObserver;
import dev.a6.spi.FilterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runner with the tracing observer, driven over its socket as APISIX drives it. */
class TracingObserverTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN = "00f067aa0ba902b7";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01";
  private static final String UNSAMPLED = "00-" + TRACE_ID + "-" + PARENT_SPAN + "-00";

  @TempDir Path dir;
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;
  private Server server;

  @BeforeEach
  void start() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    RunnerConfig config =
        RunnerConfig.parse(List.of("--listen", "unix:" + dir.resolve("r.sock")), name -> null);
    server = Server.start(config, PLUGINS, List.of(new TracingObserver(sdk)));
  }

  @AfterEach
  void stop() {
    server.stop();
    sdk.close();
  }

  @Test
  void eachPluginOfATracedRequestIsASpanUnderApisixsSpan() throws IOException {
    try (ApisixConnection apisix = ApisixConnection.open(server.socket())) {
      long token = prepare(apisix, "route#1", "tag", "deny");
      Frame reply = call(apisix, token, 41, TRACEPARENT);
      assertThat(ApisixCodec.requestReply(reply.payload()).stop()).isNotNull();
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("a6 tag", "a6 deny");
    for (SpanData span : spans) {
      assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
      assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
      assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(span.getAttributes().get(TracingObserver.PHASE)).isEqualTo("request");
      assertThat(span.getAttributes().get(TracingObserver.ROUTE_KEY)).isEqualTo("route#1");
      assertThat(span.getAttributes().get(TracingObserver.REQUEST_ID)).isEqualTo(41L);
      assertThat(span.getEndEpochNanos()).isGreaterThanOrEqualTo(span.getStartEpochNanos());
    }
    assertThat(spans.get(0).getAttributes().get(TracingObserver.OUTCOME)).isEqualTo("rewrite");
    assertThat(spans.get(1).getAttributes().get(TracingObserver.OUTCOME)).isEqualTo("stop");
    assertThat(spans.get(1).getAttributes().get(TracingObserver.PLUGIN)).isEqualTo("deny");
  }

  @Test
  void aFailingFilterRecordsItsExceptionOnItsSpan() throws IOException {
    try (ApisixConnection apisix = ApisixConnection.open(server.socket())) {
      long token = prepare(apisix, "route#2", "boom");
      assertThat(call(apisix, token, 7, TRACEPARENT).type()).isEqualTo(ApisixCodec.ERR);
    }
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("a6 boom");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(TracingObserver.OUTCOME)).isEqualTo("error");
    assertThat(span.getEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getName()).isEqualTo("exception");
              assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
                  .isEqualTo("the filter's own bug");
            });
  }

  @Test
  void theResponsePhaseFetchesTheTraceparentItHasNoHeaderFor() throws IOException {
    List<String> asked = new ArrayList<>();
    try (ApisixConnection apisix = ApisixConnection.open(server.socket())) {
      long token = prepare(apisix, "route#3", "stamp");
      apisix.send(
          ApisixCodec.HTTP_RESP_CALL, ApisixCodec.responseCall(9, token, 200, List.of()));
      Frame reply;
      while ((reply = apisix.receive()).type() == ApisixCodec.EXTRA_INFO) {
        asked.add(ApisixCodec.extraInfoRequest(reply.payload()).var());
        apisix.send(
            ApisixCodec.EXTRA_INFO,
            ApisixCodec.extraInfoAnswer(TRACEPARENT.getBytes(StandardCharsets.UTF_8)));
      }
      assertThat(reply.type()).isEqualTo(ApisixCodec.HTTP_RESP_CALL);
    }
    assertThat(asked).containsExactly("http_traceparent");
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("a6 stamp");
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN);
    assertThat(span.getAttributes().get(TracingObserver.PHASE)).isEqualTo("response");
    assertThat(span.getAttributes().get(TracingObserver.OUTCOME)).isEqualTo("rewrite");
  }

  @Test
  void untracedAndUnsampledRequestsGetNoSpan() throws IOException {
    try (ApisixConnection apisix = ApisixConnection.open(server.socket())) {
      long token = prepare(apisix, "route#4", "tag");
      call(apisix, token, 1, null);
      call(apisix, token, 2, UNSAMPLED);
      call(apisix, token, 3, "00-not-a-trace");
    }
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aRunnerFindsTheObserverOnItsClassPathAndItsDefaultExporterNeedsNothingMore() {
    // Traces go to the default exporter, OTLP, which must work with what this module brings.
    System.setProperty("otel.metrics.exporter", "none");
    System.setProperty("otel.logs.exporter", "none");
    try {
      assertThat(ServiceLoader.load(FilterObserver.class))
          .singleElement()
          .isInstanceOf(TracingObserver.class)
          .satisfies(
              observer -> assertThat(observer.responseVars()).containsExactly("http_traceparent"));
    } finally {
      System.clearProperty("otel.metrics.exporter");
      System.clearProperty("otel.logs.exporter");
      io.opentelemetry.api.GlobalOpenTelemetry.resetForTest();
    }
  }

  // ------------------------------------------------------------------------------ APISIX's side

  private static long prepare(ApisixConnection apisix, String key, String... plugins)
      throws IOException {
    List<Entry> conf = new ArrayList<>();
    for (String plugin : plugins) {
      conf.add(new Entry(plugin, ""));
    }
    apisix.send(ApisixCodec.PREPARE_CONF, ApisixCodec.prepareConf(key, conf));
    Frame reply = apisix.receive();
    assertThat(reply.type()).isEqualTo(ApisixCodec.PREPARE_CONF);
    return ApisixCodec.confToken(reply.payload());
  }

  private static Frame call(
      ApisixConnection apisix, long token, long id, @Nullable String traceparent)
      throws IOException {
    List<Entry> headers =
        traceparent == null ? List.of() : List.of(new Entry("traceparent", traceparent));
    apisix.send(
        ApisixCodec.HTTP_REQ_CALL,
        ApisixCodec.requestCall(
            id, token, new byte[] {127, 0, 0, 1}, "GET", "/", List.of(), headers));
    return apisix.receive();
  }

  // ------------------------------------------------------------------------------ plugins

  /** "tag" sets a header, "deny" stops, "boom" throws, "stamp" edits the upstream's response. */
  private static final FilterRegistry PLUGINS =
      () ->
          List.of(
              new Plugin("tag") {
                @Override
                public CompletionStage<Void> onRequest(
                    String conf, HttpRequest request, HttpResponse response, FilterContext c) {
                  request.setHeader("x-tag", "1");
                  return DONE;
                }
              },
              new Plugin("deny") {
                @Override
                public CompletionStage<Void> onRequest(
                    String conf, HttpRequest request, HttpResponse response, FilterContext c) {
                  response.stop(403);
                  return DONE;
                }
              },
              new Plugin("boom") {
                @Override
                public CompletionStage<Void> onRequest(
                    String conf, HttpRequest request, HttpResponse response, FilterContext c) {
                  throw new IllegalStateException("the filter's own bug");
                }
              },
              new Plugin("stamp", Execution.NONE, Execution.EVENT_LOOP) {
                @Override
                public CompletionStage<Void> onResponse(
                    String conf, UpstreamResponse response, FilterContext c) {
                  response.setHeader("x-stamp", "1");
                  return DONE;
                }
              });

  private abstract static class Plugin extends FilterBinding<String> {
    Plugin(String name) {
      this(name, Execution.EVENT_LOOP, Execution.NONE);
    }

    Plugin(String name, Execution onRequest, Execution onResponse) {
      super(name, onRequest, onResponse);
    }

    @Override
    public String prepare(String conf) {
      return conf;
    }
  }
}
