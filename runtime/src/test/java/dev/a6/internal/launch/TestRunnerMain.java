package dev.a6.internal.launch;

import dev.a6.Runner;
import dev.a6.internal.apisix.TestBindings;
import java.time.Duration;

/** A runner with test filters, started as its own process by {@link RunnerProcessIT}. */
public final class TestRunnerMain {
  private TestRunnerMain() {}

  public static void main(String[] args) {
    Runner.main(
        TestBindings.registry(
            TestBindings.request(
                "wait",
                (conf, request, response, context) ->
                    context
                        .delay(Duration.ofMillis(Long.parseLong(conf)))
                        .thenRun(() -> response.stop(203)))),
        args);
  }
}
