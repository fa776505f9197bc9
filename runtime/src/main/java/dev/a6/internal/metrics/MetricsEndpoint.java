package dev.a6.internal.metrics;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves the metrics in Prometheus' text format at {@code /metrics} (and {@code /-/healthy}) on
 * one daemon thread, which starts with the first scrape and stops when scrapes stop: a scrape
 * every few seconds does not need more, and never competes with the event loops for long.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;
  private final ExecutorService thread;

  private MetricsEndpoint(HTTPServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /**
   * Binds {@code address} (resolving its host now) and starts serving.
   *
   * @throws IOException if the address cannot be bound
   */
  public static MetricsEndpoint start(RunnerMetrics metrics, InetSocketAddress address)
      throws IOException {
    ThreadPoolExecutor thread =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("a6-metrics", true));
    thread.allowCoreThreadTimeOut(true);
    try {
      HTTPServer server =
          HTTPServer.builder()
              .hostname(address.getHostString())
              .port(address.getPort())
              .registry(metrics.registry())
              .executorService(thread)
              .buildAndStart();
      return new MetricsEndpoint(server, thread);
    } catch (IOException | RuntimeException e) {
      thread.shutdownNow();
      throw e;
    }
  }

  /** The port bound: the one asked for, or the one chosen for port 0. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
    thread.shutdownNow();
  }
}
