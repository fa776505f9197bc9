package dev.a6.bench;

import dev.a6.internal.apisix.ApisixCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The headline table: the raw-reply floor and the a6 runner measured side by side, in one run,
 * on the same request load; every a6 figure is given as a ratio to the floor's. The servers run
 * pinned to CPU 0 ({@code taskset -c 0}); run the suite itself on CPU 1.
 */
final class Suite {
  /**
   * The JVM flags the README recommends for a runner, but for the class archive, which the suite
   * writes itself; the floor gets the same.
   */
  static final String RUNNER_FLAGS =
      "-XX:+UseSerialGC -Xms8m -Xmx256m -Xss256k -XX:TrimNativeHeapInterval=2000";

  /** @param requestBodyBytes the request body APISIX hands over when a filter fetches it */
  private record Scenario(
      String name, List<String> plugins, boolean responsePhase, int requestBodyBytes) {
    Scenario(String name, List<String> plugins, boolean responsePhase) {
      this(name, plugins, responsePhase, Workload.REQUEST_BODY.length);
    }
  }

  private static final Scenario STOP = new Scenario("stop: say", Workload.SAY_CHAIN, false);
  private static final Scenario EMPTY = new Scenario("empty chain", List.of(), false);
  private static final Scenario REWRITE =
      new Scenario("key-auth + request-body-rewrite", Workload.REWRITE_CHAIN, false);
  private static final Scenario RESPONSE =
      new Scenario("response phase: response-rewrite", Workload.RESPONSE_CHAIN, true);

  /** One server process measured under one load. */
  private record Run(
      LoadGenerator.Result load, double connectableMillis, long rssBytes, double exitMillis,
      boolean socketRemoved, String scrape) {}

  private final Path runnerJar;
  /** How the runner is started after the JVM flags: {@code -jar <runner jar>} unless changed. */
  private final List<String> runnerLaunch;
  private final Path benchJar;
  private final List<String> flags;
  private final int connections;
  private final Duration warmup;
  private final Duration duration;
  private final Path socket = Path.of("/tmp", "a6-bench-" + ProcessHandle.current().pid() + ".sock");
  private final Path archive = Path.of("/tmp", "a6-bench-" + ProcessHandle.current().pid() + ".jsa");

  /** {@code other}, with {@code connections} connections. */
  private Suite(Suite other, int connections, List<String> runnerLaunch) {
    this.runnerJar = other.runnerJar;
    this.runnerLaunch = runnerLaunch;
    this.benchJar = other.benchJar;
    this.flags = other.flags;
    this.connections = connections;
    this.warmup = other.warmup;
    this.duration = other.duration;
  }

  private Suite(Bench.Args args) {
    this.runnerJar = Path.of(args.get("runner-jar", "samples/target/a6-samples-runner.jar"));
    this.runnerLaunch = List.of("-jar", runnerJar.toString());
    this.benchJar = Path.of(args.get("bench-jar", "bench/target/a6-bench.jar"));
    this.flags = Arrays.asList(args.get("jvm-flags", RUNNER_FLAGS).trim().split("\\s+"));
    this.connections = args.integer("connections", 16);
    this.warmup = args.duration("warmup", Duration.ofSeconds(5));
    this.duration = args.duration("duration", Duration.ofSeconds(15));
  }

  static void run(Bench.Args args) throws Exception {
    Suite suite = new Suite(args);
    for (Path jar : List.of(suite.runnerJar, suite.benchJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: run mvn -B -DskipTests package first");
      }
    }
    int repeat = args.integer("repeat", 3);
    Duration rssLoad = args.duration("rss-load", Duration.ofSeconds(60));
    suite.writeClassArchive();
    try {
      suite.report(repeat, rssLoad);
    } finally {
      Files.deleteIfExists(suite.archive);
    }
  }

  private void report(int repeat, Duration rssLoad) throws Exception {
    print("# a6 benchmark suite");
    print(
        "servers pinned to CPU 0, load generator on CPU 1; %d connections, %d s warm-up, %d s"
            + " measured; server JVM flags: %s; the runner also maps the class archive that its"
            + " selftest wrote (-XX:SharedArchiveFile), as README recommends",
        connections, warmup.toSeconds(), duration.toSeconds(), String.join(" ", flags));
    print("");
    print(
        "| scenario | floor CPU µs/call | a6 CPU µs/call | CPU ratio | floor p99 ms | a6 p99 ms |"
            + " p99 ratio | a6 p50 / p99.9 ms | a6 calls/s | a6 errors | a6 actions |");
    print("|---|---|---|---|---|---|---|---|---|---|---|");
    List<Run> a6Runs = new ArrayList<>();
    for (int i = 1; i <= repeat; i++) {
      a6Runs.add(compare(STOP, repeat > 1 ? " (run " + i + ")" : ""));
    }
    a6Runs.add(compare(EMPTY, ""));
    a6Runs.add(compare(REWRITE, ""));
    a6Runs.add(compare(RESPONSE, ""));

    print("");
    print("| process | a6 | floor | JVM hello world |");
    print("|---|---|---|---|");
    double hello = helloWorldMillis();
    double[] starts = a6Runs.stream().mapToDouble(Run::connectableMillis).sorted().toArray();
    double[] exits = a6Runs.stream().mapToDouble(Run::exitMillis).sorted().toArray();
    Run floorStart = measure(false, STOP, Duration.ofSeconds(1), Duration.ofSeconds(1));
    print(
        "| connectable after launch, median of %d (min-max) | %.0f ms (%.0f-%.0f) | %.0f ms | %.0f ms |",
        starts.length, median(starts), starts[0], starts[starts.length - 1],
        floorStart.connectableMillis(), hello);
    double[] coldStarts = startsWithoutClassArchive(5);
    print(
        "| connectable after launch without the class archive, median of %d (min-max) | %.0f ms"
            + " (%.0f-%.0f) | | |",
        coldStarts.length, median(coldStarts), coldStarts[0], coldStarts[coldStarts.length - 1]);
    print(
        "| SIGTERM to exit, median of %d (max) | %.0f ms (%.0f) | %.0f ms | |",
        exits.length, median(exits), exits[exits.length - 1], floorStart.exitMillis());
    boolean removed = a6Runs.stream().allMatch(Run::socketRemoved);
    print("| socket removed at exit | %s | | |", removed ? "yes, every run" : "NO");
    Run longRun = measure(true, REWRITE, Duration.ofSeconds(1), rssLoad);
    print(
        "| RSS after %d s of %s load | %.1f MB (%s) | | |",
        rssLoad.toSeconds(), REWRITE.name(), longRun.rssBytes() / 1048576.0,
        longRun.load().toText().replaceAll(";.*", ""));
    print("");
  }

  /**
   * What {@code --metrics-listen} costs: two runners, one without and one with metrics, both
   * pinned to CPU 0 and loaded at the same time by two load generators on CPU 1, their places
   * swapped from row to row. Whatever else the
   * machine does then slows both alike, which separate runs one after the other cannot promise
   * on a shared machine. After the load the metrics endpoint is scraped once, to show that it
   * counted every call.
   */
  static void metricsCost(Bench.Args args) throws Exception {
    Suite suite = new Suite(args);
    int repeat = args.integer("repeat", 3);
    suite.writeClassArchive();
    try {
      suite.print("# a6 with and without --metrics-listen, side by side");
      suite.print(
          "two runners pinned to CPU 0 and loaded at the same time from CPU 1, %d connections"
              + " each, %d s warm-up, %d s measured; server JVM flags: %s and the class archive",
          suite.connections, suite.warmup.toSeconds(), suite.duration.toSeconds(),
          String.join(" ", suite.flags));
      suite.print("");
      suite.print(
          "| scenario | metrics off CPU µs/call | metrics on CPU µs/call | CPU ratio | off p99 ms |"
              + " on p99 ms | on calls/s | calls counted by the scrape |");
      suite.print("|---|---|---|---|---|---|---|---|");
      List<Scenario> scenarios = new ArrayList<>();
      for (int i = 0; i < repeat; i++) {
        scenarios.add(STOP);
      }
      scenarios.addAll(List.of(EMPTY, REWRITE, RESPONSE));
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario scenario = scenarios.get(i);
        // --control: both runners without metrics, to see what the method alone shows.
        List<String> metrics =
            args.flag("control")
                ? List.of()
                : List.of("--metrics-listen", "127.0.0.1:" + freePort());
        // The two runners' places swap from row to row, so that neither side keeps any edge
        // the first place may have.
        boolean swapped = i % 2 == 1;
        Run[] runs =
            swapped
                ? suite.measureTogether(scenario, metrics, List.of())
                : suite.measureTogether(scenario, List.of(), metrics);
        Run off = runs[swapped ? 1 : 0];
        Run on = runs[swapped ? 0 : 1];
        LoadGenerator.Result a = off.load();
        LoadGenerator.Result b = on.load();
        suite.print(
            "| %s | %.2f | %.2f | %.3fx | %.3f | %.3f | %,.0f | %s |",
            scenario.name(), a.cpuMicrosPerCall(), b.cpuMicrosPerCall(),
            b.cpuMicrosPerCall() / a.cpuMicrosPerCall(), a.percentileMillis(99),
            b.percentileMillis(99), b.callsPerSecond(), on.scrape());
      }
    } finally {
      Files.deleteIfExists(suite.archive);
    }
  }

  /** Two a6 runners, each with its options, loaded at the same time; their runs in order. */
  private Run[] measureTogether(Scenario scenario, List<String> first, List<String> second)
      throws Exception {
    List<List<String>> options = List.of(first, second);
    Path[] sockets = new Path[2];
    Process[] servers = new Process[2];
    try {
      for (int i = 0; i < 2; i++) {
        sockets[i] = Path.of(socket + "." + i);
        Files.deleteIfExists(sockets[i]);
        List<String> command = runnerCommand(sockets[i]);
        command.addAll(options.get(i));
        servers[i] = startPinned(command);
        awaitConnectable(servers[i], sockets[i], System.nanoTime());
      }
      List<CompletableFuture<LoadGenerator.Result>> loads = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        LoadGenerator.Options load =
            new LoadGenerator.Options(
                sockets[i], connections, warmup, duration, scenario.responsePhase(),
                Workload.chain(scenario.plugins()), servers[i].pid());
        loads.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return LoadGenerator.run(load);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      for (CompletableFuture<LoadGenerator.Result> load : loads) {
        load.join();
      }
      Run[] runs = new Run[2];
      for (int i = 0; i < 2; i++) {
        int metrics = options.get(i).indexOf("--metrics-listen");
        String scrape =
            metrics < 0
                ? ""
                : scrapeFilterCalls(
                    Integer.parseInt(options.get(i).get(metrics + 1).replaceAll(".*:", "")));
        runs[i] =
            new Run(loads.get(i).get(), 0, ProcStats.rssBytes(servers[i].pid()), 0, true, scrape);
      }
      return runs;
    } finally {
      for (int i = 0; i < 2; i++) {
        if (servers[i] != null) {
          servers[i].destroy();
          servers[i].waitFor(5, TimeUnit.SECONDS);
          servers[i].destroyForcibly();
        }
        if (sockets[i] != null) {
          Files.deleteIfExists(sockets[i]);
        }
      }
    }
  }

  /**
   * Start-up side by side: the runner (with the README's flags and class archive, then without
   * the archive) and an empty Java program, launched in turn on CPU 0, {@code launches} times
   * each; the medians and their ratio. The runner counts until a connect to its socket succeeds, and, as APISIX's first
   * request sees it, until a PrepareConf sent on that connection is answered; the program until
   * it exits.
   */
  static void startup(Bench.Args args) throws Exception {
    Suite suite = new Suite(args);
    int launches = args.integer("launches", 11);
    suite.writeClassArchive();
    try {
      List<String> withArchive = new ArrayList<>(suite.flags);
      withArchive.add("-XX:SharedArchiveFile=" + suite.archive);
      double[] connectable = new double[launches];
      double[] answered = new double[launches];
      double[] connectableBare = new double[launches];
      double[] answeredBare = new double[launches];
      double[] hello = new double[launches];
      for (int i = 0; i < launches; i++) {
        hello[i] = suite.helloWorldOnce();
        double[] start = suite.firstAnswer(withArchive);
        connectable[i] = start[0];
        answered[i] = start[1];
        double[] bare = suite.firstAnswer(suite.flags);
        connectableBare[i] = bare[0];
        answeredBare[i] = bare[1];
      }
      for (double[] times : List.of(connectable, answered, connectableBare, answeredBare, hello)) {
        Arrays.sort(times);
      }
      suite.print("# start-up, %d launches each, alternating, pinned to CPU 0", launches);
      suite.print("");
      suite.print("| | median ms | min-max ms | ratio to hello world |");
      suite.print("|---|---|---|---|");
      suite.print(
          "| runner connectable (README flags + class archive) | %.0f | %.0f-%.0f | %.2fx |",
          median(connectable), connectable[0], connectable[launches - 1],
          median(connectable) / median(hello));
      suite.print(
          "| first PrepareConf answered, sent on that connection | %.0f | %.0f-%.0f | %.2fx |",
          median(answered), answered[0], answered[launches - 1], median(answered) / median(hello));
      suite.print(
          "| the same without the class archive: connectable | %.0f | %.0f-%.0f | %.2fx |",
          median(connectableBare), connectableBare[0], connectableBare[launches - 1],
          median(connectableBare) / median(hello));
      suite.print(
          "| the same without the class archive: first PrepareConf answered | %.0f | %.0f-%.0f"
              + " | %.2fx |",
          median(answeredBare), answeredBare[0], answeredBare[launches - 1],
          median(answeredBare) / median(hello));
      suite.print(
          "| JVM hello world, to exit | %.0f | %.0f-%.0f | |", median(hello), hello[0],
          hello[launches - 1]);
    } finally {
      Files.deleteIfExists(suite.archive);
    }
  }

  /**
   * Launches the runner and, as APISIX does, connects as soon as the socket takes a connect and
   * sends a PrepareConf; returns the milliseconds from launch to the connect and to the answer.
   */
  private double[] firstAnswer(List<String> jvmFlags) throws Exception {
    return timeStart(jvmFlags, true);
  }

  /**
   * How the runner's cost grows, each sweep from its first point ({@code --sweeps} picks some of
   * {@code connections,chain,body,blocking}): connections (1 to 256) on the {@code say} chain;
   * chains of 1 to 16 {@code var-to-header} filters, each setting its own header from {@code
   * remote_addr} (one ExtraInfo round trip per call, whatever the length); request bodies of 1 KiB
   * to 10 MiB fetched by {@code body-limit}; and 1 to 1000 calls in flight at once through a
   * blocking filter that holds its worker thread for 10 ms ({@code sleep}, which this jar adds to
   * the sample plugins), against the default pool of 32 threads.
   */
  static void scaling(Bench.Args args) throws Exception {
    Suite base = new Suite(args);
    List<String> sweeps =
        Arrays.asList(args.get("sweeps", "connections,chain,body,blocking").split(","));
    base.writeClassArchive();
    try {
      base.print("# how cost grows");
      base.print(
          "runner pinned to CPU 0, load generator on CPU 1; %d s warm-up, %d s measured per point;"
              + " ratios to the sweep's first point",
          base.warmup.toSeconds(), base.duration.toSeconds());
      base.print("");
      base.print("| sweep | point | CPU µs/call | ratio | p99 ms | calls/s |");
      base.print("|---|---|---|---|---|---|");
      double first = 0;
      if (sweeps.contains("connections")) {
        for (int connections : new int[] {1, 4, 16, 64, 256}) {
          Suite point = base.withConnections(connections);
          Run run = point.measure(true, STOP, point.warmup, point.duration);
          first = first == 0 ? run.load().cpuMicrosPerCall() : first;
          base.printPoint("connections, `say`", connections + " connections", run, first);
        }
      }
      first = 0;
      if (sweeps.contains("chain")) {
        for (int length : new int[] {1, 2, 4, 8, 16}) {
          List<String> chain = new ArrayList<>();
          for (int i = 1; i <= length; i++) {
            chain.add("var-to-header={\"headers\":{\"X-N" + i + "\":\"remote_addr\"}}");
          }
          Run run =
              base.measure(
                  true, new Scenario(length + " filters", chain, false), base.warmup, base.duration);
          first = first == 0 ? run.load().cpuMicrosPerCall() : first;
          base.printPoint("chain length, `var-to-header`", length + " filters", run, first);
        }
      }
      first = 0;
      if (sweeps.contains("body")) {
        for (int kib : new int[] {1, 64, 1024, 10 * 1024}) {
          // The request declares no length, so body-limit fetches the body (an ExtraInfo round
          // trip carrying it) and measures it, against a limit above every body.
          Scenario body =
              new Scenario(
                  kib + " KiB", List.of("body-limit={\"max_bytes\":100000000}"), false, kib * 1024);
          Run run = base.measure(true, body, base.warmup, base.duration);
          first = first == 0 ? run.load().cpuMicrosPerCall() : first;
          base.printPoint(
              "request body fetched, `body-limit`",
              (kib < 1024 ? kib + " KiB" : kib / 1024 + " MiB"),
              run,
              first);
        }
      }
      first = 0;
      if (sweeps.contains("blocking")) {
        // The bench jar holds the sample plugins and `sleep`; its class archive is written anew.
        Suite blocking =
            new Suite(base, 1, List.of("-cp", base.benchJar.toString(), "dev.a6.Runner"));
        blocking.writeClassArchive();
        Scenario sleep = new Scenario("sleep", List.of("sleep={\"millis\":10}"), false);
        for (int inFlight : new int[] {1, 10, 100, 1000}) {
          Suite point = new Suite(blocking, inFlight, blocking.runnerLaunch);
          Run run = point.measure(true, sleep, point.warmup, point.duration);
          first = first == 0 ? run.load().cpuMicrosPerCall() : first;
          base.printPoint(
              "calls in flight, blocking `sleep` 10 ms", inFlight + " in flight", run, first);
        }
      }
    } finally {
      Files.deleteIfExists(base.archive);
    }
  }

  private void printPoint(String sweep, String point, Run run, double first) {
    LoadGenerator.Result load = run.load();
    print(
        "| %s | %s | %.2f | %.2fx | %.3f | %,.0f |",
        sweep, point, load.cpuMicrosPerCall(), load.cpuMicrosPerCall() / first,
        load.percentileMillis(99), load.callsPerSecond());
    if (load.errors() > 0) {
      throw new IllegalStateException(load.errors() + " calls failed at " + point);
    }
  }

  private Suite withConnections(int count) {
    return new Suite(this, count, runnerLaunch);
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  /** The sum of {@code a6_filter_calls_total} at the metrics endpoint, as text. */
  private static String scrapeFilterCalls(int port) throws IOException {
    HttpURLConnection http =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
    try (InputStream in = http.getInputStream()) {
      double sum = 0;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("a6_filter_calls_total{")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return String.format(Locale.ROOT, "%,.0f", sum);
    } finally {
      http.disconnect();
    }
  }

  /** The floor, then a6, on one scenario; prints the row and returns a6's run. */
  private Run compare(Scenario scenario, String label) throws Exception {
    Run floor = measure(false, scenario, warmup, duration);
    Run a6 = measure(true, scenario, warmup, duration);
    LoadGenerator.Result f = floor.load();
    LoadGenerator.Result a = a6.load();
    print(
        "| %s%s | %.2f | %.2f | %.2fx | %.3f | %.3f | %.2fx | %.3f / %.3f | %,.0f | %d | %s |",
        scenario.name(), label,
        f.cpuMicrosPerCall(), a.cpuMicrosPerCall(), a.cpuMicrosPerCall() / f.cpuMicrosPerCall(),
        f.percentileMillis(99), a.percentileMillis(99), a.percentileMillis(99) / f.percentileMillis(99),
        a.percentileMillis(50), a.percentileMillis(99.9), a.callsPerSecond(), a.errors(), a.actions());
    return a6;
  }

  /** Starts a server pinned to CPU 0, loads it, and stops it with SIGTERM. */
  private Run measure(boolean a6, Scenario scenario, Duration warm, Duration measured)
      throws Exception {
    Files.deleteIfExists(socket);
    List<String> command;
    if (a6) {
      command = runnerCommand(socket);
    } else {
      command = new ArrayList<>(flags);
      command.addAll(List.of("-jar", benchJar.toString(), "floor", "--socket", socket.toString()));
      for (String plugin : scenario.plugins()) {
        command.add("--plugin");
        command.add(plugin);
      }
    }
    long launched = System.nanoTime();
    Process server = startPinned(command);
    try {
      double connectable = awaitConnectable(server, launched);
      LoadGenerator.Result load =
          LoadGenerator.run(
              new LoadGenerator.Options(
                  socket, connections, warm, measured, scenario.responsePhase(),
                  Workload.chain(scenario.plugins()), server.pid(),
                  scenario.requestBodyBytes()));
      long rss = ProcStats.rssBytes(server.pid());
      long signalled = System.nanoTime();
      server.destroy();
      if (!server.waitFor(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the server did not exit within 5 s of SIGTERM");
      }
      double exit = (System.nanoTime() - signalled) / 1e6;
      return new Run(load, connectable, rss, exit, !Files.exists(socket), "");
    } finally {
      server.destroyForcibly();
    }
  }

  /** The a6 runner with the suite's flags and class archive, listening on {@code socket}. */
  private List<String> runnerCommand(Path socket) {
    List<String> command = new ArrayList<>(flags);
    command.add("-XX:SharedArchiveFile=" + archive);
    command.addAll(
        runnerArgs("--listen", "unix:" + socket, "--log-level", "warn"));
    return command;
  }

  /**
   * The runner's launch ({@code -jar} and its jar, or a class path and main class), then {@code
   * args}.
   */
  private List<String> runnerArgs(String... args) {
    List<String> command = new ArrayList<>(runnerLaunch);
    command.addAll(List.of(args));
    return command;
  }

  /** Writes the class archive as README says: {@code selftest} with ArchiveClassesAtExit. */
  private void writeClassArchive() throws Exception {
    Files.deleteIfExists(archive);
    List<String> training = new ArrayList<>(flags);
    training.addAll(
        List.of("-XX:ArchiveClassesAtExit=" + archive));
    training.addAll(runnerArgs("selftest"));
    Process train = startPinned(training);
    if (!train.waitFor(60, TimeUnit.SECONDS) || train.exitValue() != 0 || !Files.exists(archive)) {
      throw new IllegalStateException("the selftest that writes the class archive failed");
    }
  }

  /** Startup without the class archive, for comparison. */
  private double[] startsWithoutClassArchive(int launches) throws Exception {
    double[] starts = new double[launches];
    for (int i = 0; i < launches; i++) {
      starts[i] = runRunner(flags);
    }
    Arrays.sort(starts);
    return starts;
  }

  /** Launches the runner with these JVM flags; returns when it was connectable, in ms. */
  private double runRunner(List<String> jvmFlags) throws Exception {
    return timeStart(jvmFlags, false)[0];
  }

  /**
   * Launches the runner with these JVM flags and stops it again; returns the milliseconds from
   * launch until a connect succeeded and, with {@code prepare}, until a PrepareConf sent on that
   * connection was answered.
   */
  private double[] timeStart(List<String> jvmFlags, boolean prepare) throws Exception {
    Files.deleteIfExists(socket);
    List<String> command = new ArrayList<>(jvmFlags);
    command.addAll(runnerArgs("--listen", "unix:" + socket, "--log-level", "warn"));
    long launched = System.nanoTime();
    Process runner = startPinned(command);
    try {
      double[] times;
      try (SocketChannel channel = connectWhenListening(runner, socket, launched)) {
        double connected = (System.nanoTime() - launched) / 1e6;
        times =
            prepare
                ? new double[] {connected, answerFirstPrepare(channel, launched)}
                : new double[] {connected};
      }
      runner.destroy();
      if (!runner.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the runner did not exit within 60 s of SIGTERM");
      }
      return times;
    } finally {
      runner.destroyForcibly();
    }
  }

  /** Sends the {@code say} chain's PrepareConf; returns when it was answered, in ms from launch. */
  private static double answerFirstPrepare(SocketChannel channel, long launched)
      throws IOException {
    ByteBuffer conf =
        ApisixCodec.prepareConf(Workload.CONF_KEY, Workload.chain(Workload.SAY_CHAIN));
    ByteBuffer prepare = ByteBuffer.allocate(4 + conf.remaining());
    prepare.putInt(1 << 24 | conf.remaining()).put(conf).flip();
    while (prepare.hasRemaining()) {
      channel.write(prepare);
    }
    ByteBuffer header = ByteBuffer.allocate(4);
    while (header.hasRemaining()) {
      if (channel.read(header) < 0) {
        throw new IllegalStateException("the runner closed the first connection unanswered");
      }
    }
    double answered = (System.nanoTime() - launched) / 1e6;
    if (header.get(0) != 1) {
      throw new IllegalStateException("the first PrepareConf was refused: type " + header.get(0));
    }
    return answered;
  }

  /** Milliseconds from launch until a connect succeeds, polling every millisecond. */
  private double awaitConnectable(Process server, long launched) throws Exception {
    return awaitConnectable(server, socket, launched);
  }

  private static double awaitConnectable(Process server, Path socket, long launched)
      throws Exception {
    try (SocketChannel channel = connectWhenListening(server, socket, launched)) {
      return (System.nanoTime() - launched) / 1e6;
    }
  }

  /** A connection to {@code socket} as soon as one succeeds, polling every millisecond. */
  private static SocketChannel connectWhenListening(Process server, Path socket, long launched)
      throws Exception {
    long deadline = launched + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(socket)) {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          channel.connect(UnixDomainSocketAddress.of(socket));
          return channel;
        } catch (IOException e) {
          channel.close(); // not listening yet
        }
      }
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited with status " + server.exitValue());
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("the server did not listen within 30 s");
  }


  /** How long this machine takes to run an empty Java program, pinned like the servers. */
  private double helloWorldMillis() throws Exception {
    double[] times = new double[5];
    for (int i = 0; i < times.length; i++) {
      times[i] = helloWorldOnce();
    }
    Arrays.sort(times);
    return median(times);
  }

  private double helloWorldOnce() throws Exception {
    long start = System.nanoTime();
    startPinned(List.of("-cp", benchJar.toString(), "dev.a6.bench.HelloWorld")).waitFor();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  /** Starts {@code java <javaArgs>} on CPU 0, its output discarded. */
  private static Process startPinned(List<String> javaArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of("taskset", "-c", "0", javaBinary()));
    command.addAll(javaArgs);
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
