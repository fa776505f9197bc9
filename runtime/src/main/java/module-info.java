/**
 * The a6 runtime: the API plugin authors write against ({@code dev.a6}), what the a6 annotation
 * processor's generated code calls ({@code dev.a6.spi}), and the runner behind them.
 *
 * <p>Only those two packages are exported; everything under {@code dev.a6.internal} is the
 * runner's own and changes without notice. On the class path, where most runners live, this
 * descriptor is ignored and nothing changes.
 */
// "module": the project's domain, a6.dev, puts a digit at the end of a name component.
// "requires-automatic": flatbuffers-java publishes no module name; its name comes from its jar's,
// as Maven names it.
@SuppressWarnings({"module", "requires-automatic"})
module dev.a6.runtime {
  requires transitive dev.a6.annotations;
  // The API's nullness annotations are for tools: users need not read their module, as on the
  // class path they need not have the jar (hence -Xlint:-exports in the build).
  requires static org.jspecify;
  requires com.fasterxml.jackson.core;
  requires flatbuffers.java;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  // --metrics-listen; loaded only when metrics are on.
  requires io.prometheus.metrics.core;
  requires io.prometheus.metrics.exporter.httpserver;
  requires io.prometheus.metrics.model;
  requires org.slf4j;
  // sun.misc.Signal: SIGTERM and SIGINT stop the runner even before its shutdown hook exists.
  requires jdk.unsupported;
  // A plain java -jar: G1 told to give unused heap back (launch.HeapReturn).
  requires java.management;
  requires jdk.management;

  exports dev.a6;
  exports dev.a6.spi;

  // A user module registers its generated registry with
  // provides dev.a6.spi.FilterRegistry with <package>.A6Filters;
  uses dev.a6.spi.FilterRegistry;
  // Metrics and tracing extensions, such as a6-opentelemetry's.
  uses dev.a6.spi.FilterObserver;
}
