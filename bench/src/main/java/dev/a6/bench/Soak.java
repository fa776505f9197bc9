package dev.a6.bench;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixConnection;
import dev.a6.internal.apisix.ApisixConnection.Frame;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec.ExtraInfoRequest;
import dev.a6.internal.apisix.ApisixCodec.RequestReply;
import dev.a6.internal.apisix.ApisixCodec.ResponseReply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The soak: a runner under long mixed traffic, with Netty's leak detector at PARANOID, reporting
 * leaks, RSS over time, unexpected answers and latency.
 *
 * <p>Each worker is one APISIX connection that makes calls one after the other, as APISIX's
 * workers do, mixing every phase and ExtraInfo kind with the traffic that usually goes wrong:
 * PrepareConfs for ever-new routes (past the conf cache's bound, and expiring), tokens the runner
 * forgot, connections closed and reopened, peers that vanish mid-call or mid-frame, bad confs,
 * unknown plugins and garbage frames. Every answer is checked against what the plugins must have
 * done; anything else counts as an error, with its reason.
 */
final class Soak {
  /** The runner's own settings: a short conf TTL and a small cache, so both churn. */
  private static final List<String> RUNNER_OPTIONS =
      List.of("--conf-expire-time", "2", "--conf-cache-entries", "2000", "--io-threads", "2");

  /** An area of an NMT summary diff, such as {@code - Java Heap (reserved=…, committed=20480KB +4096KB)}. */
  private static final Pattern NMT_AREA =
      Pattern.compile(
          "^(?:-\\s+)?([A-Za-z][\\w ]*?):? \\(?reserved=\\d+KB(?: [+-]\\d+KB)?,"
              + " committed=(\\d+)KB ([+-]\\d+)KB");

  private static final String NEW_BODY = "{\"user\":42}";

  /** A chain a worker calls, prepared once per key and prepared again when forgotten. */
  private enum Chain {
    REWRITE(
        "route#1#ext-plugin-pre-req#1",
        "var-to-header={\"headers\":{\"x-client\":\"remote_addr\",\"x-uri\":\"uri\"}}",
        "key-auth={\"keys\":[\"" + Workload.API_KEY + "\"]}",
        "request-body-rewrite={\"new_body\":" + quote(NEW_BODY) + "}"),
    BODY_LIMIT("route#2#ext-plugin-pre-req#1", "body-limit={\"max_bytes\":512}"),
    RESPONSE(
        "route#3#ext-plugin-post-resp#1",
        "response-rewrite={\"headers\":{\"X-Soak\":\"1\"},"
            + "\"filters\":[{\"regex\":\"x+\",\"scope\":\"global\",\"replace\":\"y\"}]}"),
    STOP("route#4#ext-plugin-pre-req#1", "say={\"body\":\"hello\"}");

    final String key;
    final List<Entry> plugins;

    Chain(String key, String... plugins) {
      this.key = key;
      this.plugins = Workload.chain(List.of(plugins));
    }
  }

  private final Path runnerJar;
  private final Duration duration;
  private final Duration sampleEvery;
  private final int workers;
  private final Path socket = Path.of("/tmp", "a6-soak-" + ProcessHandle.current().pid() + ".sock");
  private final Path log;

  private final Map<Chain, Long> tokens = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong churnRoutes = new AtomicLong();
  private final LongAdder calls = new LongAdder();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Recorder latency = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);

  private Soak(Bench.Args args) {
    this.runnerJar = Path.of(args.get("runner-jar", "samples/target/a6-samples-runner.jar"));
    this.duration = args.duration("duration", Duration.ofMinutes(10));
    this.sampleEvery = args.duration("sample-every", Duration.ofSeconds(30));
    this.workers = args.integer("connections", 8);
    this.log = Path.of(args.get("runner-log", "/tmp/a6-soak-runner.log"));
  }

  static void run(Bench.Args args) throws Exception {
    Soak soak = new Soak(args);
    if (!Files.isRegularFile(soak.runnerJar)) {
      throw new IllegalStateException(
          soak.runnerJar + " is missing: run mvn -B -DskipTests package first");
    }
    if (!soak.soak()) {
      System.exit(1);
    }
  }

  /** Runs the soak and prints the report; false when it found a leak, an error or growth. */
  private boolean soak() throws Exception {
    Files.deleteIfExists(socket);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dio.netty.leakDetection.level=PARANOID",
                // Where memory goes, by JVM area: a baseline after warm-up, a diff at the end.
                "-XX:NativeMemoryTracking=summary"));
    command.addAll(List.of(Suite.RUNNER_FLAGS.split(" ")));
    command.addAll(List.of("-jar", runnerJar.toString(), "--listen", "unix:" + socket));
    command.addAll(RUNNER_OPTIONS);
    Process runner =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitConnectable(runner);
      print("# a6 soak");
      print(
          "runner: %s %s, JVM flags %s, Netty leak detection PARANOID, log in %s; %d connections"
              + " for %d s",
          runnerJar, String.join(" ", RUNNER_OPTIONS), Suite.RUNNER_FLAGS, log, workers,
          duration.toSeconds());
      print("");
      print("| time | RSS MB | calls | calls/s | p99 ms | errors |");
      print("|---|---|---|---|---|---|");
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        Thread thread = new Thread(this::work, "soak-" + i);
        thread.start();
        threads.add(thread);
      }
      List<Long> rss = new ArrayList<>();
      Histogram total = null;
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long lastCalls = 0;
      long lastSample = start;
      int warmupSamples = Math.max(1, (int) (duration.toNanos() / sampleEvery.toNanos() / 5));
      boolean baseline = false;
      while (System.nanoTime() < end && runner.isAlive()) {
        Thread.sleep(Math.min(sampleEvery.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        long now = System.nanoTime();
        long callsNow = calls.sum();
        Histogram interval = latency.getIntervalHistogram();
        if (total == null) {
          total = interval.copy();
        } else {
          total.add(interval);
        }
        long bytes = ProcStats.rssBytes(runner.pid());
        rss.add(bytes);
        print(
            "| %d s | %.1f | %,d | %,.0f | %.3f | %d |",
            TimeUnit.NANOSECONDS.toSeconds(now - start), bytes / 1048576.0, callsNow,
            (callsNow - lastCalls) / ((now - lastSample) / 1e9),
            interval.getValueAtPercentile(99) / 1e6, count(errors));
        lastCalls = callsNow;
        lastSample = now;
        if (!baseline && rss.size() == warmupSamples) {
          jcmd(runner, "VM.native_memory", "baseline");
          baseline = true;
        }
      }
      String memoryDiff = baseline ? jcmd(runner, "VM.native_memory", "summary.diff") : "";
      running.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
      boolean alive = runner.isAlive();
      // Leaks are reported when a leaked buffer has been collected and the detector next runs:
      // collect, then make a few more calls.
      collectGarbage(runner);
      running.set(true);
      Worker last = new Worker();
      for (int i = 0; i < 100 && alive; i++) {
        last.step(Step.REWRITE);
        last.step(Step.RESPONSE);
      }
      last.close();
      running.set(false);
      Thread.sleep(1000);
      runner.destroy();
      boolean exited = runner.waitFor(10, TimeUnit.SECONDS);
      int status = exited ? runner.exitValue() : -1;
      return report(total, rss, warmupSamples - 1, memoryDiff, alive, status);
    } finally {
      runner.destroyForcibly();
    }
  }

  private boolean report(
      Histogram total, List<Long> rss, int warm, String memoryDiff, boolean alive, int status)
      throws IOException {
    List<String> lines = Files.readAllLines(log);
    long leaks = lines.stream().filter(line -> line.contains("LEAK:")).count();
    Map<String, Long> logged =
        lines.stream()
            .filter(line -> line.startsWith("[ERROR]") || line.startsWith("[WARN]"))
            .map(Soak::logKind)
            .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    warm = Math.min(warm, rss.size() - 1);
    long afterWarmup = rss.get(warm);
    long last = rss.get(rss.size() - 1);
    long peak = rss.stream().mapToLong(Long::longValue).max().orElse(0);
    double growth = (last - afterWarmup) * 100.0 / afterWarmup;
    long errorCount = count(errors);
    print("");
    print("| | |");
    print("|---|---|");
    print("| calls answered and checked | %,d (%s) |", calls.sum(), sorted(outcomes));
    print(
        "| latency of checked calls | p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.1f ms |",
        total.getValueAtPercentile(50) / 1e6, total.getValueAtPercentile(99) / 1e6,
        total.getValueAtPercentile(99.9) / 1e6, total.getMaxValue() / 1e6);
    print("| unexpected answers | %d %s |", errorCount, errorCount == 0 ? "" : sorted(errors));
    print("| leaks reported (PARANOID) | %d |", leaks);
    print(
        "| RSS after warm-up (sample %d) → end, peak | %.1f MB → %.1f MB (%+.1f %%), peak %.1f MB |",
        warm + 1, afterWarmup / 1048576.0, last / 1048576.0, growth, peak / 1048576.0);
    print("| runner alive at the end; exit status on SIGTERM | %s; %d |", alive ? "yes" : "NO", status);
    print("");
    print(
        "Committed memory, end against the baseline after warm-up (NMT): the total, and each JVM"
            + " area that moved more than 256 KB:");
    for (String line : memoryDiff.split("\n")) {
      Matcher area = NMT_AREA.matcher(line.trim());
      if (area.find()
          && (area.group(1).equals("Total") || Math.abs(Long.parseLong(area.group(3))) > 256)) {
        print("- %s: %s KB committed (%s KB)", area.group(1), area.group(2), area.group(3));
      }
    }
    print("");
    print("Runner WARN and ERROR lines, by kind:");
    logged.forEach((kind, count) -> print("- %,d × %s", count, kind));
    boolean ok = leaks == 0 && errorCount == 0 && alive && status == 0 && growth < 20;
    print("");
    print(ok ? "soak passed" : "SOAK FAILED: see the table above and " + log);
    return ok;
  }

  /** A log line without its variable parts (ids, numbers, quoted values): what it reports. */
  private static String logKind(String line) {
    String kind =
        line.replaceAll("\\b[0-9a-f]{8}\\b", "…")
            .replaceAll("[0-9]+", "N")
            .replaceAll("\"[^\"]*\"", "\"…\"");
    return kind.length() > 100 ? kind.substring(0, 100) + "…" : kind;
  }

  // -------------------------------------------------------------------------------- the traffic

  /** What a worker does next, with its weight out of 100. */
  private enum Step {
    REWRITE(36),
    BODY_LIMIT(14),
    RESPONSE(20),
    STOP(14),
    NEW_ROUTE(8),
    RECONNECT(3),
    VANISH_MID_CALL(2),
    VANISH_MID_FRAME(1),
    BAD_INPUT(2);

    final int weight;

    Step(int weight) {
      this.weight = weight;
    }

    static Step pick() {
      int roll = ThreadLocalRandom.current().nextInt(100);
      for (Step step : values()) {
        roll -= step.weight;
        if (roll < 0) {
          return step;
        }
      }
      return REWRITE;
    }
  }

  private void work() {
    Worker worker = new Worker();
    try {
      while (running.get()) {
        worker.step(Step.pick());
      }
    } finally {
      worker.close();
    }
  }

  /** One connection as an APISIX worker holds it, replaced when closed. */
  private final class Worker {
    private ApisixConnection channel;
    private long nextId;

    void step(Step step) {
      try {
        if (channel == null) {
          channel = connect();
        }
        switch (step) {
          case REWRITE -> checkRewrite(call(Chain.REWRITE));
          case BODY_LIMIT -> checkBodyLimit(call(Chain.BODY_LIMIT));
          case RESPONSE -> checkResponse(call(Chain.RESPONSE));
          case STOP -> checkStop(call(Chain.STOP));
          case NEW_ROUTE -> newRoute();
          case RECONNECT -> close();
          case VANISH_MID_CALL -> vanishMidCall();
          case VANISH_MID_FRAME -> vanishMidFrame();
          case BAD_INPUT -> badInput();
        }
      } catch (IOException | RuntimeException e) {
        if (running.get()) {
          error("exception: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        close();
      }
    }

    /** A call of one chain, the ExtraInfo answered; prepares again when the token is forgotten. */
    private Reply call(Chain chain) throws IOException {
      for (int attempt = 0; ; attempt++) {
        long token = tokens.computeIfAbsent(chain, this::prepareUnchecked);
        long started = System.nanoTime();
        long id = ++nextId;
        boolean response = chain == Chain.RESPONSE;
        ByteBuffer call =
            response ? Workload.responseCall(id, token) : Workload.requestCall(id, token);
        channel.send(response ? 4 : 2, call);
        Reply reply = readAnsweringExtraInfo(channel);
        if (reply.type() == 0 && reply.errorCode() == ApisixCodec.CONF_TOKEN_NOT_FOUND && attempt < 3) {
          // APISIX prepares again and retries: so do we.
          outcome("conf-token-not-found (prepared again)");
          tokens.remove(chain, token);
          continue;
        }
        latency.recordValue(Math.min(System.nanoTime() - started, TimeUnit.SECONDS.toNanos(60)));
        calls.increment();
        return reply;
      }
    }

    private long prepareUnchecked(Chain chain) {
      try {
        return prepare(channel, chain.key, chain.plugins);
      } catch (IOException e) {
        throw new IllegalStateException("PrepareConf failed: " + e.getMessage(), e);
      }
    }

    private void checkRewrite(Reply reply) {
      RequestReply rewrite = reply.request();
      if (rewrite == null || rewrite.rewrite() == null) {
        error("rewrite chain: expected a rewrite, got " + reply.describe());
        return;
      }
      var action = rewrite.rewrite();
      boolean body = NEW_BODY.equals(text(action.body()));
      boolean client = action.headers().contains(new Entry("x-client", "203.0.113.7"));
      boolean keyRemoved = action.headers().contains(new Entry("x-api-key", null));
      if (body && client && keyRemoved) {
        outcome("rewrite");
      } else {
        error("rewrite chain: body " + body + ", x-client " + client + ", key removed " + keyRemoved);
      }
    }

    private void checkBodyLimit(Reply reply) {
      RequestReply stop = reply.request();
      if (stop != null && stop.stop() != null && stop.stop().status() == 413) {
        outcome("stop 413 after a body fetch");
      } else {
        error("body-limit: expected a 413 stop, got " + reply.describe());
      }
    }

    private void checkResponse(Reply reply) {
      ResponseReply response = reply.response();
      String body = response == null ? null : text(response.body());
      if (response != null
          && response.headers().contains(new Entry("X-Soak", "1"))
          && "{\"data\":\"y\"}".equals(body)) {
        outcome("response rewritten after a body fetch");
      } else {
        error("response-rewrite: expected header and body, got " + reply.describe());
      }
    }

    private void checkStop(Reply reply) {
      RequestReply stop = reply.request();
      if (stop != null && stop.stop() != null && "hello".equals(text(stop.stop().body()))) {
        outcome("stop");
      } else {
        error("say: expected a stop with \"hello\", got " + reply.describe());
      }
    }

    /** A route never seen before: prepared and called once, then left to expire or be evicted. */
    private void newRoute() throws IOException {
      long route = churnRoutes.incrementAndGet();
      String body = "route " + route;
      long token =
          prepare(
              channel,
              "route#churn-" + route + "#ext-plugin-pre-req#1",
              Workload.chain(List.of("say={\"body\":\"" + body + "\"}")));
      channel.send(2, Workload.requestCall(++nextId, token));
      Reply reply = readAnsweringExtraInfo(channel);
      RequestReply stop = reply.request();
      if (stop != null && stop.stop() != null && body.equals(text(stop.stop().body()))) {
        outcome("stop on a new route");
      } else {
        error("new route: expected a stop with \"" + body + "\", got " + reply.describe());
      }
    }

    /** A call whose body the runner asks for, and a peer that closes instead of answering. */
    private void vanishMidCall() throws IOException {
      long token = tokens.computeIfAbsent(Chain.BODY_LIMIT, this::prepareUnchecked);
      channel.send(2, Workload.requestCall(++nextId, token));
      Frame frame = channel.receive();
      if (frame.type() == 3) {
        outcome("peer vanished during ExtraInfo");
      } else if (!(frame.type() == 0 && ApisixCodec.errorCode(frame.payload().duplicate()) == ApisixCodec.CONF_TOKEN_NOT_FOUND)) {
        error("vanish: expected an ExtraInfo request, got type " + frame.type());
      }
      close();
    }

    /** Half a frame, then gone. */
    private void vanishMidFrame() throws IOException {
      long token = tokens.computeIfAbsent(Chain.STOP, this::prepareUnchecked);
      ByteBuffer call = Workload.requestCall(++nextId, token);
      ByteBuffer frame = ByteBuffer.allocate(4 + call.remaining() / 2);
      frame.put((byte) 2).put((byte) 0).putShort((short) call.remaining());
      call.limit(call.position() + call.remaining() / 2);
      frame.put(call).flip();
      channel.sendRaw(frame);
      outcome("peer vanished mid-frame");
      close();
    }

    /** A bad conf, an unknown plugin or a garbage frame: each must get an Err, never a hang. */
    private void badInput() throws IOException {
      int kind = ThreadLocalRandom.current().nextInt(3);
      if (kind == 2) {
        // Not a FlatBuffer at all: an Err, then the connection stays usable or is closed.
        byte[] garbage = new byte[32];
        ThreadLocalRandom.current().nextBytes(garbage);
        channel.send(2, ByteBuffer.wrap(garbage));
        Frame frame = channel.receive();
        if (frame.type() == 0) {
          outcome("Err for a garbage call");
        } else {
          error("garbage call: expected an Err, got type " + frame.type());
        }
        return;
      }
      List<Entry> chain =
          kind == 0
              ? Workload.chain(List.of("say={\"body\": 42}"))
              : Workload.chain(List.of("no-such-plugin={}"));
      channel.send(1, ApisixCodec.prepareConf("route#bad#ext-plugin-pre-req#1", chain));
      Frame frame = channel.receive();
      if (frame.type() == 0) {
        outcome(kind == 0 ? "Err for a bad conf" : "Err for an unknown plugin");
      } else {
        error("bad PrepareConf: expected an Err, got type " + frame.type());
      }
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // closing a connection that already failed
        }
        channel = null;
      }
    }
  }

  // -------------------------------------------------------------------------------- the wire

  /** A call's final answer: an Err, a request reply or a response reply. */
  private record Reply(int type, ByteBuffer payload) {
    int errorCode() {
      return ApisixCodec.errorCode(payload.duplicate());
    }

    RequestReply request() {
      return type == 2 ? ApisixCodec.requestReply(payload.duplicate()) : null;
    }

    ResponseReply response() {
      return type == 4 ? ApisixCodec.responseReply(payload.duplicate()) : null;
    }

    String describe() {
      return switch (type) {
        case 0 -> "Err " + ApisixCodec.errorName(errorCode());
        case 2 -> String.valueOf(request());
        case 4 -> String.valueOf(response());
        default -> "frame type " + type;
      };
    }
  }

  private ApisixConnection connect() throws IOException {
    return ApisixConnection.open(socket);
  }

  private static long prepare(ApisixConnection channel, String key, List<Entry> plugins)
      throws IOException {
    channel.send(1, ApisixCodec.prepareConf(key, plugins));
    Frame frame = channel.receive();
    if (frame.type() != 1) {
      throw new IllegalStateException("PrepareConf " + key + " refused: frame type " + frame.type());
    }
    return ApisixCodec.confToken(frame.payload());
  }

  private static Reply readAnsweringExtraInfo(ApisixConnection channel) throws IOException {
    while (true) {
      Frame frame = channel.receive();
      if (frame.type() != 3) {
        return new Reply(frame.type(), frame.payload());
      }
      ExtraInfoRequest request = ApisixCodec.extraInfoRequest(frame.payload());
      byte[] answer =
          switch (request.infoType()) {
            case ApisixCodec.INFO_VAR -> Workload.varValue(Objects.requireNonNull(request.var()));
            case ApisixCodec.INFO_REQUEST_BODY -> Workload.REQUEST_BODY;
            case ApisixCodec.INFO_RESPONSE_BODY -> Workload.RESPONSE_BODY;
            default -> null;
          };
      channel.send(3, ApisixCodec.extraInfoAnswer(answer));
    }
  }

  // -------------------------------------------------------------------------------- plumbing

  private void outcome(String what) {
    outcomes.computeIfAbsent(what, key -> new LongAdder()).increment();
  }

  private void error(String what) {
    errors.computeIfAbsent(what, key -> new LongAdder()).increment();
  }

  private static long count(Map<String, LongAdder> counters) {
    return counters.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static Map<String, Long> sorted(Map<String, LongAdder> counters) {
    Map<String, Long> sorted = new TreeMap<>();
    counters.forEach((key, value) -> sorted.put(key, value.sum()));
    return sorted;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String quote(String json) {
    return '"' + json.replace("\"", "\\\"") + '"';
  }

  private void awaitConnectable(Process runner) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(socket)) {
        try (ApisixConnection channel = connect()) {
          return;
        } catch (IOException e) {
          // not listening yet
        }
      }
      if (!runner.isAlive()) {
        throw new IllegalStateException(
            "the runner exited with status " + runner.exitValue() + "; see " + log);
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the runner did not listen within 30 s; see " + log);
  }

  /** Runs a diagnostic command in the runner's JVM and returns its output. */
  private static String jcmd(Process runner, String... command) throws Exception {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(runner.pid()));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(30, TimeUnit.SECONDS);
    return output;
  }

  /** Asks the runner's JVM for a full collection, twice, so that leaked buffers are found. */
  private static void collectGarbage(Process runner) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (int i = 0; i < 2; i++) {
      new ProcessBuilder(jcmd.toString(), Long.toString(runner.pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
      Thread.sleep(500);
    }
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
