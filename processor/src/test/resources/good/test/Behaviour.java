package test;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.Prefetch;
import dev.a6.UpstreamResponse;
import dev.a6.annotation.Body;
import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;
import dev.a6.annotation.IgnoreUnknownKeys;
import dev.a6.annotation.Key;
import dev.a6.annotation.Prepared;
import dev.a6.annotation.RawJson;
import dev.a6.annotation.Required;
import dev.a6.annotation.UpstreamBody;
import dev.a6.annotation.Var;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Filters that show what the generated parsers and dispatch do, one behaviour each. */
public final class Behaviour {
  private int calls;

  public enum Scope {
    ONCE,
    GLOBAL
  }

  public record Rule(@Required String regex, @Default("\"once\"") Scope scope, String replace) {}

  public record AllTypes(
      String text,
      boolean flag,
      int count,
      long big,
      double ratio,
      Boolean maybeFlag,
      Integer maybeCount,
      Long maybeBig,
      Double maybeRatio,
      Scope scope,
      Rule rule,
      List<Rule> rules,
      Set<String> tags,
      Map<String, Integer> weights,
      Optional<String> note,
      @RawJson String raw,
      @Key("X-Custom") String custom,
      int httpStatus,
      List<List<Integer>> matrix) {}

  public record Defaults(
      @Default("100") int percentage,
      @Default("x-api-key") String header,
      @Default("[\"a\", \"b\"]") List<String> names,
      @Default("{\"regex\": \"x\"}") Rule rule,
      @Default("2.5") double factor,
      @Default("9007199254740993") long big,
      @Default("true") boolean on,
      @Default("Global") Scope scope,
      @Default("\"hi\"") Optional<String> greeting,
      @Default("say \"hi\" \\ bye") String quoted,
      @Default("") String empty) {}

  @IgnoreUnknownKeys
  public record Lenient(String a) {}

  public record Checked(int min, int max) {
    public Checked {
      if (min > max) {
        throw new IllegalArgumentException("min must not exceed max");
      }
    }
  }

  public record Tree(String name, List<Tree> children) {}

  public record VarList(List<String> names) implements Prefetch {
    @Override
    public Collection<String> prefetchVars() {
      return names;
    }
  }

  /** State per prepared conf: counts the calls of one route. */
  public static final class Counter {
    private final String label;
    private int count;

    Counter(Lenient conf) {
      this.label = conf.a();
    }

    int next() {
      return ++count;
    }
  }

  @Filter("all-types")
  static void allTypes(AllTypes conf, HttpResponse response) {
    response.stop(200, conf.toString());
  }

  @Filter("defaults")
  static void defaults(Defaults conf, HttpResponse response) {
    response.stop(200, conf.toString());
  }

  @Filter("lenient")
  static void lenient(Lenient conf, HttpResponse response) {
    response.stop(200, conf.toString());
  }

  @Filter("checked")
  static void checked(Checked conf, HttpResponse response) {
    response.stop(200, conf.toString());
  }

  @Filter("tree")
  static void tree(Tree conf, HttpResponse response) {
    response.stop(200, conf.toString());
  }

  @Filter("raw")
  static void raw(String conf, HttpResponse response) {
    response.stop(200, "[" + conf + "]");
  }

  @Filter("no-conf")
  static void noConf(HttpRequest request) {
    request.setHeader("x-seen", "yes");
  }

  @Filter("vars")
  static void vars(
      @Var("remote_addr") String address,
      @Var("arg_x") Optional<String> x,
      @Var("missing") byte[] missing,
      @Body String body,
      HttpResponse response) {
    response.stop(200, address + "|" + x.orElse("none") + "|" + (missing == null) + "|" + body);
  }

  @Filter("prefetch")
  static void prefetch(VarList conf, HttpRequest request, HttpResponse response) {
    StringBuilder out = new StringBuilder();
    for (String name : conf.names()) {
      out.append(name).append('=').append(request.var(name)).append(';');
    }
    response.stop(200, out.toString());
  }

  @Filter("async")
  static CompletionStage<Void> async(FilterContext context, HttpResponse response) {
    return context.delay(Duration.ofMillis(250)).thenRun(() -> response.stop(202));
  }

  @Filter(value = "blocking", blocking = true)
  static void blocking(HttpResponse response) throws IOException {
    response.stop(203, Thread.currentThread().getName().isEmpty() ? "" : "ran");
  }

  @Filter("throws")
  static void throwing() throws IOException {
    throw new IOException("disk on fire");
  }

  @Filter("instance")
  void instance(HttpResponse response) {
    response.stop(200, "call " + ++calls);
  }

  @Filter("prepared")
  static void prepared(@Prepared Counter counter, HttpResponse response) {
    response.stop(200, counter.label + " " + counter.next());
  }

  /** State with something to release when its conf goes. */
  public static final class Resource implements AutoCloseable {
    public static final java.util.concurrent.atomic.AtomicInteger CLOSED =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }

  @Filter("closing")
  static void closing(@Prepared Resource resource, HttpResponse response) {
    response.stop(200, "closed so far: " + Resource.CLOSED.get());
  }

  @Filter("both")
  static void bothRequest(Lenient conf, HttpRequest request) {
    request.setHeader("x-phase", "request " + conf.a());
  }

  @Filter("both")
  static void bothResponse(Lenient conf, UpstreamResponse response) {
    response.setHeader("x-phase", "response " + conf.a());
  }

  @Filter("upstream")
  static void upstream(@UpstreamBody String body, UpstreamResponse response) {
    response.setStatus(201);
    response.setBody(body.toUpperCase(java.util.Locale.ROOT));
  }
}
