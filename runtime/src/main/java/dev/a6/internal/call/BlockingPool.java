package dev.a6.internal.call;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads of chains with a blocking filter.
 *
 * <p>Only starting a chain is bounded: when {@code maxWaitingStarts} chains already wait for a
 * thread, a new one is refused and its call answered at once. A chain that has started must always
 * be able to continue (after a filter's stage completes), or its call would never be answered, so
 * {@link #execute continuations} are never refused while the pool runs. They cannot pile up
 * either: each started chain has at most one continuation waiting.
 */
public final class BlockingPool implements Executor {
  private final Executor threads;
  private final int maxWaitingStarts;
  private final AtomicInteger waitingStarts = new AtomicInteger();

  /**
   * @param threads runs every task it is given (an unbounded queue), or throws {@link
   *     RejectedExecutionException} once shut down
   */
  public BlockingPool(Executor threads, int maxWaitingStarts) {
    this.threads = threads;
    this.maxWaitingStarts = maxWaitingStarts;
  }

  /**
   * Starts a chain, unless too many starts wait already or the pool was shut down (the runner is
   * stopping): either way the caller answers the call at once.
   *
   * @return {@code false} if the chain was refused
   */
  boolean tryStart(Runnable chain) {
    if (waitingStarts.incrementAndGet() > maxWaitingStarts) {
      waitingStarts.decrementAndGet();
      return false;
    }
    try {
      threads.execute(
          () -> {
            waitingStarts.decrementAndGet();
            chain.run();
          });
    } catch (RejectedExecutionException stopping) {
      waitingStarts.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * Runs a continuation of a started chain.
   *
   * @throws RejectedExecutionException only once the pool was shut down
   */
  @Override
  public void execute(Runnable continuation) {
    threads.execute(continuation);
  }
}
