package dev.a6.internal.launch;

import dev.a6.Runner;
import dev.a6.internal.apisix.TestBindings;

/**
 * A runner with test filters, started as its own process by {@link RunnerProcessIT}. The system
 * property {@code a6.test.pluginDelayMillis} makes creating the filters that slow; {@code
 * a6.test.pluginFailure} makes it fail with that message, as a filter's constructor can.
 */
public final class TestRunnerMain {
  private TestRunnerMain() {}

  public static void main(String[] args) {
    long delayMillis = Long.getLong("a6.test.pluginDelayMillis", 0);
    String failure = System.getProperty("a6.test.pluginFailure");
    Runner.launch(
        () -> {
          sleep(delayMillis);
          if (failure != null) {
            throw new IllegalStateException(failure);
          }
          return TestBindings.registry(TestBindings.waitThen203());
        },
        args);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
