package dev.a6.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark tool: {@code java -jar bench/target/a6-bench.jar <command>}.
 *
 * <pre>
 * load   --socket PATH [--connections 16] [--warmup 5s] [--duration 15s] [--phase request|response]
 *        [--plugin name=json]... [--runner-pid PID] [--request-body-bytes 1024] [--json]
 * floor  --socket PATH [--plugin name=json]...
 * suite  [--runner-jar PATH] [--warmup 5s] [--duration 15s] [--connections 16] [--repeat 3]
 *        [--rss-load 60s] [--jvm-flags "..."]
 * metrics-cost [--runner-jar PATH] [--warmup 5s] [--duration 15s] [--connections 16] [--repeat 3]
 *        [--control]
 * startup [--runner-jar PATH] [--launches 11] [--jvm-flags "..."]
 * scaling [--runner-jar PATH] [--sweeps connections,chain,body,blocking]
 *        [--warmup 5s] [--duration 15s]
 * confs  [--calls 2000000] [--contiguous] [--sizes 1,100,10000,100000]
 * soak   [--runner-jar PATH] [--duration 10m] [--connections 8] [--sample-every 30s]
 *        [--runner-log PATH]
 * jmh    [JMH options]
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      return;
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    switch (args[0]) {
      case "load" -> load(new Args(rest));
      case "floor" -> {
        Args options = new Args(rest);
        RawReplyServer.run(Path.of(options.required("socket")), Workload.chain(options.all("plugin")));
      }
      case "suite" -> Suite.run(new Args(rest));
      case "metrics-cost" -> Suite.metricsCost(new Args(rest));
      case "startup" -> Suite.startup(new Args(rest));
      case "scaling" -> Suite.scaling(new Args(rest));
      case "confs" -> ConfScaling.run(new Args(rest));
      case "soak" -> Soak.run(new Args(rest));
      case "jmh" -> org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
      default -> usage();
    }
  }

  private static void load(Args options) throws Exception {
    LoadGenerator.Result result =
        LoadGenerator.run(
            new LoadGenerator.Options(
                Path.of(options.required("socket")),
                options.integer("connections", 16),
                options.duration("warmup", Duration.ofSeconds(5)),
                options.duration("duration", Duration.ofSeconds(15)),
                options.get("phase", "request").equals("response"),
                Workload.chain(options.all("plugin")),
                options.integer("runner-pid", -1),
                options.integer("request-body-bytes", Workload.REQUEST_BODY.length)));
    System.out.println(options.flag("json") ? result.toJson() : result.toText());
  }

  private static void usage() {
    System.err.println(
        "usage: a6-bench load|floor|suite|metrics-cost|startup|scaling|confs|soak|jmh [options]; see BENCHMARKS.md for the commands");
  }

  /** {@code --name value} options, repeatable, and {@code --flag}s. */
  static final class Args {
    private final List<String[]> pairs = new ArrayList<>();

    Args(List<String> args) {
      for (int i = 0; i < args.size(); i++) {
        String name = args.get(i);
        if (!name.startsWith("--")) {
          throw new IllegalArgumentException("expected an option, got " + name);
        }
        boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
        pairs.add(new String[] {name.substring(2), hasValue ? args.get(++i) : null});
      }
    }

    String get(String name, String fallback) {
      String value = null;
      for (String[] pair : pairs) {
        if (pair[0].equals(name)) {
          value = pair[1];
        }
      }
      return value == null ? fallback : value;
    }

    String required(String name) {
      String value = get(name, null);
      if (value == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return value;
    }

    List<String> all(String name) {
      List<String> values = new ArrayList<>();
      for (String[] pair : pairs) {
        if (pair[0].equals(name) && pair[1] != null) {
          values.add(pair[1]);
        }
      }
      return values;
    }

    boolean flag(String name) {
      return pairs.stream().anyMatch(pair -> pair[0].equals(name));
    }

    int integer(String name, int fallback) {
      return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    Duration duration(String name, Duration fallback) {
      String value = get(name, null);
      if (value == null) {
        return fallback;
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(value));
    }
  }
}
