package dev.a6.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapReturnTest {
  private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation");
  private static final List<String> SERIAL = List.of("Copy", "MarkSweepCompact");

  /** Every option at its default, but the heap's maximum, which the JVM sized. */
  private static Map<String, String> chosenByTheJvm() {
    Map<String, String> origins = new HashMap<>();
    origins.put("MaxHeapSize", "ERGONOMIC");
    return origins;
  }

  private static boolean applies(List<String> collectors, Map<String, String> origins) {
    return HeapReturn.applies(collectors, name -> origins.getOrDefault(name, "DEFAULT"));
  }

  @Test
  void aPlainJavaJarOnG1GivesHeapBack() {
    assertThat(applies(G1, chosenByTheJvm())).isTrue();
    assertThat(applies(G1, Map.of())).isTrue();
  }

  @Test
  void anyHeapChoiceOrOtherCollectorIsLeftAlone() {
    assertThat(applies(SERIAL, chosenByTheJvm())).isFalse();
    for (String given : List.of("VM_CREATION", "ENVIRON_VAR", "CONFIG_FILE")) {
      assertThat(applies(G1, Map.of("MaxHeapSize", given))).as(given).isFalse();
    }
    for (String option :
        List.of("MaxRAMPercentage", "MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval")) {
      Map<String, String> origins = chosenByTheJvm();
      origins.put(option, "VM_CREATION");
      assertThat(applies(G1, origins)).as(option).isFalse();
    }
    assertThat(applies(G1, Map.of("G1PeriodicGCInterval", "MISSING"))).isFalse();
  }

  @Test
  void theMinimumIsSetBeforeTheMaximum() {
    assertThat(HeapReturn.SETTINGS).extracting(Map.Entry::getKey)
        .containsExactly("MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval");
  }
}
