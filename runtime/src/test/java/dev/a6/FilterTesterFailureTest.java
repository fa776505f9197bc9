package dev.a6;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.internal.apisix.TestBindings;
import org.junit.jupiter.api.Test;

/** A filter that throws under FilterTester: the test sees which filter failed, and why. */
class FilterTesterFailureTest {
  @Test
  void aThrowingFilterFailsTheCallNamingItselfAndItsCause() {
    FilterTester tester =
        FilterTester.of(
                TestBindings.registry(
                    TestBindings.request(
                        "boom",
                        (conf, request, response, context) -> {
                          throw new IllegalStateException("no database");
                        })))
            .conf("boom", "");
    assertThatThrownBy(() -> tester.request(request -> {}))
        .isInstanceOf(RunnerException.class)
        .hasMessage("filter \"boom\" failed: java.lang.IllegalStateException: no database")
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no database");
  }
}
