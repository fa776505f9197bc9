package dev.a6.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor JMH runs benchmark threads on ({@code -Djmh.executor=CUSTOM}): Netty's
 * FastThreadLocalThreads, the kind of thread the runner's event loops are. Netty 4.2 pools
 * buffers and pipeline objects only on such threads, so a benchmark on plain threads would count
 * allocations that never happen in a runner.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {
  /** The constructor JMH calls: thread count and name prefix. */
  public EventLoopThreads(int threads, String prefix) {
    super(
        threads,
        threads,
        1,
        TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(),
        new DefaultThreadFactory(prefix, true));
  }
}
