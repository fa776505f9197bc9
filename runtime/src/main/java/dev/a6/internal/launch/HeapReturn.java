package dev.a6.internal.launch;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a runner started without heap settings (a plain {@code java -jar}) give unused heap back to
 * the system.
 *
 * <p>Left to itself, the JVM sizes the heap from the machine's memory: on a 24 GB machine G1
 * starts with a 384 MB heap and fills its young generation before it collects, so a runner that
 * needs 10 MB of live data sits at 300 MB of RSS. G1 can shrink the heap after a collection cycle
 * and run such a cycle when the runner is quiet; three of its settings can be changed while the JVM
 * runs, and this sets them: {@code MinHeapFreeRatio} 5 and {@code MaxHeapFreeRatio} 20 (keep at
 * most a fifth of the heap free after a cycle) and {@code G1PeriodicGCInterval} 5 s (a cycle after
 * 5 s without a collection). The cost is that cycle, a few milliseconds of concurrent work.
 *
 * <p>Only when the JVM chose everything itself: with G1, the heap's maximum not set, and none of
 * the three set. Any of those on the command line means someone chose, and a6 leaves it; the
 * README's recommended flags (the serial collector and a small heap) keep the runner smaller still.
 */
final class HeapReturn {
  private HeapReturn() {}

  /** The settings, in the order they must be set (the minimum may not exceed the maximum). */
  static final List<Map.Entry<String, String>> SETTINGS =
      List.of(
          Map.entry("MinHeapFreeRatio", "5"),
          Map.entry("MaxHeapFreeRatio", "20"),
          Map.entry("G1PeriodicGCInterval", "5000"));

  /**
   * Whether to set {@link #SETTINGS}: G1 is the collector and nobody chose the heap's size (by
   * {@code -Xmx} or {@code -XX:MaxRAMPercentage}, on the command line or in {@code
   * JAVA_TOOL_OPTIONS}) or any of the settings.
   *
   * @param collectors the names of the JVM's collectors
   * @param origin where a VM option's value came from ({@code DEFAULT}, {@code ERGONOMIC}, {@code
   *     VM_CREATION}, …), by option name
   */
  static boolean applies(List<String> collectors, Function<String, String> origin) {
    boolean g1 = collectors.stream().anyMatch(name -> name.startsWith("G1"));
    String heap = origin.apply("MaxHeapSize");
    if (!g1
        || !(heap.equals("DEFAULT") || heap.equals("ERGONOMIC"))
        || !origin.apply("MaxRAMPercentage").equals("DEFAULT")) {
      return false;
    }
    for (Map.Entry<String, String> setting : SETTINGS) {
      if (!origin.apply(setting.getKey()).equals("DEFAULT")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Applies the settings if they apply, on a side thread: loading the JVM's management beans
   * takes a few dozen milliseconds, which the runner's start does not wait for.
   */
  static void applyLater() {
    Thread thread = new Thread(HeapReturn::apply, "a6-heap-settings");
    thread.setDaemon(true);
    thread.start();
  }

  private static void apply() {
    Logger log = LoggerFactory.getLogger(Launcher.class);
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      List<String> collectors =
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .map(GarbageCollectorMXBean::getName)
              .toList();
      if (!applies(collectors, name -> originOf(vm, name))) {
        return;
      }
      for (Map.Entry<String, String> setting : SETTINGS) {
        vm.setVMOption(setting.getKey(), setting.getValue());
      }
      log.info(
          "the JVM chose the heap's size (no -Xmx): letting G1 return unused heap"
              + " (MinHeapFreeRatio 5, MaxHeapFreeRatio 20, G1PeriodicGCInterval 5000);"
              + " README's JVM flags keep the runner smaller still");
    } catch (RuntimeException | LinkageError e) {
      // A JVM without these beans or options: the heap stays as the JVM sized it.
      log.debug("heap settings left as they are: {}", e.toString());
    }
  }

  private static String originOf(HotSpotDiagnosticMXBean vm, String name) {
    try {
      return vm.getVMOption(name).getOrigin().name();
    } catch (IllegalArgumentException unknown) {
      return "MISSING"; // an option this JVM does not have: nothing applies
    }
  }
}
