package dev.a6;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * Time, randomness and delays for filters. Filters that use these instead of {@code System} and
 * {@code Thread.sleep} are deterministic under {@code FilterTester} and never block the event loop.
 */
public interface FilterContext {

  /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** A random generator for this thread. */
  RandomGenerator random();

  /**
   * A stage that completes after {@code delay} without holding a thread. A filter delays its
   * request by returning {@code context.delay(d)} (or a stage built on it). A zero or negative
   * delay gives a stage that is already complete, which costs nothing: a filter that delays only
   * sometimes can return {@code context.delay(Duration.ZERO)} otherwise.
   */
  CompletionStage<Void> delay(Duration delay);
}
