package dev.a6;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec.ExtraInfoRequest;
import dev.a6.internal.apisix.ApisixCodec.RequestReply;
import dev.a6.internal.apisix.ApisixCodec.ResponseReply;
import dev.a6.internal.apisix.CallDriver;
import dev.a6.internal.apisix.CallDriver.Answers;
import dev.a6.internal.apisix.CallDriver.Exchange;
import dev.a6.internal.launch.Launcher;
import dev.a6.spi.FilterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Runs plugins in plain unit tests: no socket, no FlatBuffers, no APISIX.
 *
 * <p>Calls go through the same generated registry, conf parsers and chain handling as in the
 * runner: the tester encodes the request as APISIX would, answers the ExtraInfo requests of the
 * chain from the values you give, and decodes the reply into a typed result.
 *
 * <pre>{@code
 * FilterTester tester = FilterTester.of().conf("key-auth", "{\"keys\": [\"k1\"]}");
 *
 * FilterTester.RequestResult denied = tester.request(r -> r.path("/users"));
 * assertThat(denied.stop().status()).isEqualTo(401);
 *
 * FilterTester.RequestResult allowed =
 *     tester.request(r -> r.path("/users").header("x-api-key", "k1"));
 * assertThat(allowed.rewrite().removedHeaders()).contains("x-api-key");
 * }</pre>
 *
 * <p>Time is virtual: a filter that waits on {@code FilterContext.delay} makes the tester move
 * its clock forward at once (the result says by how much, {@link RequestResult#delay()}), and
 * {@link #advance} moves it between calls, so rate limits test without sleeping. Randomness comes
 * from {@link #random}, seeded by default. Conf state ({@code @Prepared}) lives as long as the
 * tester's chain: every call of one tester shares it, as the calls of one route do.
 *
 * <p>Not thread-safe: one tester per test.
 */
public final class FilterTester {
  private final CallDriver driver;
  private final List<Entry> chain = new ArrayList<>();
  private RandomGenerator random = new SplittableRandom(42);

  private FilterTester(FilterRegistry filters) {
    this.driver = new CallDriver(filters, () -> random);
    driver.prepare(chain);
  }

  /**
   * A tester for every plugin on the class path, found as a runner jar finds them: the same
   * plugins, and the same plugin names, the runner will have.
   *
   * @throws IllegalStateException if the a6 annotation processor did not run on the plugins (the
   *     message says how to add it), or if two plugins have one name
   */
  public static FilterTester of() {
    FilterRegistry plugins;
    try {
      plugins = Launcher.discoverPlugins();
    } catch (RunnerException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return new FilterTester(plugins);
  }

  /** A tester for the plugins of one registry, such as the generated {@code A6Filters}. */
  public static FilterTester of(FilterRegistry filters) {
    return new FilterTester(filters);
  }

  /**
   * Adds a plugin with its conf value to the chain, in call order, and prepares the chain as a
   * PrepareConf would.
   *
   * @throws ConfException for an unknown plugin or an unusable conf, with the message the runner
   *     logs
   */
  public FilterTester conf(String plugin, String conf) {
    chain.add(new Entry(plugin, conf));
    try {
      driver.prepare(chain);
    } catch (RuntimeException e) {
      chain.remove(chain.size() - 1);
      throw e;
    }
    return this;
  }

  /** Sets the randomness filters get from {@code FilterContext.random()}. */
  public FilterTester random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random);
    return this;
  }

  /** Moves the virtual clock forward, as time passing between requests. */
  public FilterTester advance(Duration time) {
    driver.advance(time);
    return this;
  }

  /** Runs the request phase for the request that {@code request} describes. */
  public RequestResult request(Consumer<Request> request) {
    Request spec = new Request();
    request.accept(spec);
    Exchange<RequestReply> exchange =
        driver.request(
            spec.id, spec.sourceIp, spec.method, spec.path, spec.args, spec.headers, spec.answers);
    return new RequestResult(exchange);
  }

  /** Runs the response phase for the upstream response that {@code response} describes. */
  public ResponseResult response(Consumer<Upstream> response) {
    Upstream spec = new Upstream();
    response.accept(spec);
    Exchange<ResponseReply> exchange =
        driver.response(spec.id, spec.status, spec.headers, spec.answers);
    return new ResponseResult(exchange, spec);
  }

  // ---------------------------------------------------------------------------- inputs

  /** The values APISIX answers ExtraInfo requests with. */
  private static final class Values implements Answers {
    final Map<String, byte[]> vars = new LinkedHashMap<>();
    byte @Nullable [] requestBody;
    byte @Nullable [] upstreamBody;

    @Override
    public byte @Nullable [] var(String name) {
      return vars.get(name);
    }

    @Override
    public byte @Nullable [] requestBody() {
      return requestBody;
    }

    @Override
    public byte @Nullable [] upstreamBody() {
      return upstreamBody;
    }
  }

  /** A client request, as APISIX would send it: {@code GET /} from 127.0.0.1 by default. */
  public static final class Request {
    private @Nullable Long id;
    private byte[] sourceIp = {127, 0, 0, 1};
    private String method = "GET";
    private String path = "/";
    private final List<Entry> args = new ArrayList<>();
    private final List<Entry> headers = new ArrayList<>();
    private final Values answers = new Values();

    private Request() {}

    public Request id(long id) {
      this.id = id;
      return this;
    }

    /** The method; APISIX sends GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS and the WebDAV ones. */
    public Request method(String method) {
      ApisixCodec.methodCode(method);
      this.method = method;
      return this;
    }

    /** The decoded path, without query. */
    public Request path(String path) {
      this.path = path;
      return this;
    }

    /** Adds a header; the name is lower-cased, as APISIX sends it. Repeat it for more values. */
    public Request header(String name, String value) {
      headers.add(new Entry(name.toLowerCase(Locale.ROOT), value));
      return this;
    }

    /** Adds a query argument; repeat it for more values. */
    public Request arg(String name, String value) {
      args.add(new Entry(name, value));
      return this;
    }

    /** Adds a flag argument, without {@code =}: {@code ?debug}. */
    public Request flag(String name) {
      args.add(new Entry(name, null));
      return this;
    }

    /** The client's address, an IPv4 or IPv6 literal such as {@code "10.0.0.7"}. */
    public Request sourceIp(String literal) {
      this.sourceIp = address(literal);
      return this;
    }

    /** The body APISIX hands over when the chain asks for it. */
    public Request body(String body) {
      return body(body.getBytes(StandardCharsets.UTF_8));
    }

    public Request body(byte[] body) {
      answers.requestBody = body.clone();
      return this;
    }

    /** A variable's value, handed over when the chain asks for it; unset ones have none. */
    public Request var(String name, String value) {
      answers.vars.put(name, value.getBytes(StandardCharsets.UTF_8));
      return this;
    }
  }

  /** An upstream response, as APISIX sends it in the response phase: 200 by default. */
  public static final class Upstream {
    private @Nullable Long id;
    private int status = 200;
    private final List<Entry> headers = new ArrayList<>();
    private final Values answers = new Values();

    private Upstream() {}

    public Upstream id(long id) {
      this.id = id;
      return this;
    }

    public Upstream status(int status) {
      this.status = status;
      return this;
    }

    /** Adds a header, in the upstream's own case. Repeat it for more values. */
    public Upstream header(String name, String value) {
      headers.add(new Entry(name, value));
      return this;
    }

    /** The upstream's body, handed over when the chain asks for it. */
    public Upstream body(String body) {
      return body(body.getBytes(StandardCharsets.UTF_8));
    }

    public Upstream body(byte[] body) {
      answers.upstreamBody = body.clone();
      return this;
    }

    /** The client's request body, handed over when the chain asks for it. */
    public Upstream requestBody(String body) {
      answers.requestBody = body.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** A variable's value, handed over when the chain asks for it; unset ones have none. */
    public Upstream var(String name, String value) {
      answers.vars.put(name, value.getBytes(StandardCharsets.UTF_8));
      return this;
    }
  }

  // ---------------------------------------------------------------------------- results

  /** A header of a result. */
  public record Header(String name, String value) {}

  /**
   * The chain stopped the request and answered the client.
   *
   * @param status the status (APISIX turns the protocol's 0 into 200, and so does this)
   * @param headers the response headers, in order
   * @param body the body; empty when none
   */
  public record Stop(int status, List<Header> headers, byte[] body) {
    /** The first value of a header, or {@code null}; names ignore case. */
    public @Nullable String header(String name) {
      return first(headers, name);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * The chain let the request go upstream with changes. Only what changed is listed.
   *
   * @param path the new path, or {@code null}
   * @param headers request headers set, by lower-case name
   * @param removedHeaders request headers removed
   * @param args query arguments set, with all their values
   * @param removedArgs query arguments removed
   * @param responseHeaders headers added to the client's response
   * @param body the new request body, or {@code null}
   */
  public record Rewrite(
      @Nullable String path,
      Map<String, String> headers,
      Set<String> removedHeaders,
      Map<String, List<String>> args,
      Set<String> removedArgs,
      List<Header> responseHeaders,
      byte @Nullable [] body) {
    /** The new body as UTF-8 text, or {@code null}. */
    public @Nullable String bodyText() {
      return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header added to the client's response, or {@code null}. */
    public @Nullable String responseHeader(String name) {
      return first(responseHeaders, name);
    }
  }

  /** What the request phase did: stopped, rewrote, or neither. */
  public static final class RequestResult {
    private final @Nullable Stop stop;
    private final @Nullable Rewrite rewrite;
    private final List<ExtraInfoRequest> asked;
    private final Duration delay;

    private RequestResult(Exchange<RequestReply> exchange) {
      RequestReply reply = exchange.reply();
      this.stop =
          reply.stop() == null
              ? null
              : new Stop(
                  reply.stop().status() == 0 ? 200 : reply.stop().status(),
                  toHeaders(reply.stop().headers()),
                  bytes(reply.stop().body()));
      this.rewrite = reply.rewrite() == null ? null : rewrite(reply.rewrite());
      this.asked = exchange.asked();
      this.delay = exchange.delayed();
    }

    /** Whether a filter stopped the request. */
    public boolean stopped() {
      return stop != null;
    }

    /**
     * The stop.
     *
     * @throws IllegalStateException if the request was not stopped
     */
    public Stop stop() {
      if (stop == null) {
        throw new IllegalStateException("the request was not stopped: " + this);
      }
      return stop;
    }

    /** Whether the request goes upstream with changes. */
    public boolean rewritten() {
      return rewrite != null;
    }

    /**
     * The changes.
     *
     * @throws IllegalStateException if there were none
     */
    public Rewrite rewrite() {
      if (rewrite == null) {
        throw new IllegalStateException("the request was not rewritten: " + this);
      }
      return rewrite;
    }

    /** Whether the request goes upstream as it came. */
    public boolean passedUnchanged() {
      return stop == null && rewrite == null;
    }

    /** The variables the chain asked APISIX for, in order. */
    public List<String> fetchedVars() {
      return vars(asked);
    }

    /** Whether the chain asked APISIX for the request body. */
    public boolean fetchedBody() {
      return asked(asked, dev.a6.internal.wire.extrainfo.Info.ReqBody);
    }

    /** How long the chain waited on {@code FilterContext.delay}, in virtual time. */
    public Duration delay() {
      return delay;
    }

    @Override
    public String toString() {
      return stop != null ? stop.toString() : rewrite != null ? rewrite.toString() : "no change";
    }

    private static Rewrite rewrite(ApisixCodec.RewriteAction action) {
      Map<String, String> headers = new LinkedHashMap<>();
      Set<String> removedHeaders = new LinkedHashSet<>();
      for (Entry entry : action.headers()) {
        if (entry.value() == null) {
          removedHeaders.add(entry.name());
        } else {
          headers.put(entry.name(), entry.value());
        }
      }
      Map<String, List<String>> args = new LinkedHashMap<>();
      Set<String> removedArgs = new LinkedHashSet<>();
      for (Entry entry : action.args()) {
        if (entry.value() == null) {
          removedArgs.add(entry.name());
        } else {
          args.computeIfAbsent(entry.name(), name -> new ArrayList<>()).add(entry.value());
        }
      }
      args.replaceAll((name, values) -> List.copyOf(values));
      return new Rewrite(
          action.path(),
          Collections.unmodifiableMap(headers),
          Collections.unmodifiableSet(removedHeaders),
          Collections.unmodifiableMap(args),
          Collections.unmodifiableSet(removedArgs),
          toHeaders(action.respHeaders()),
          action.body());
    }
  }

  /** What the response phase did to the upstream's response. */
  public static final class ResponseResult {
    private final ResponseReply reply;
    private final Upstream upstream;
    private final List<ExtraInfoRequest> asked;
    private final Duration delay;

    private ResponseResult(Exchange<ResponseReply> exchange, Upstream upstream) {
      this.reply = exchange.reply();
      this.upstream = upstream;
      this.asked = exchange.asked();
      this.delay = exchange.delayed();
    }

    /** The status the client gets. */
    public int status() {
      return reply.status() == 0 ? upstream.status : reply.status();
    }

    public boolean statusChanged() {
      return reply.status() != 0;
    }

    /**
     * The headers the client gets: the whole set the chain sent when it changed any, else the
     * upstream's.
     */
    public List<Header> headers() {
      return headersChanged() ? toHeaders(reply.headers()) : toHeaders(upstream.headers);
    }

    /** The first value of a header the client gets, or {@code null}; names ignore case. */
    public @Nullable String header(String name) {
      return first(headers(), name);
    }

    public boolean headersChanged() {
      return !reply.headers().isEmpty();
    }

    /** The body the client gets: the new one, else the upstream's (empty if none was given). */
    public byte[] body() {
      if (reply.body() != null) {
        return reply.body();
      }
      return bytes(upstream.answers.upstreamBody);
    }

    public String bodyText() {
      return new String(body(), StandardCharsets.UTF_8);
    }

    public boolean bodyChanged() {
      return reply.body() != null;
    }

    /** The variables the chain asked APISIX for, in order. */
    public List<String> fetchedVars() {
      return vars(asked);
    }

    /** Whether the chain asked APISIX for the upstream's body. */
    public boolean fetchedBody() {
      return asked(asked, dev.a6.internal.wire.extrainfo.Info.RespBody);
    }

    /** How long the chain waited on {@code FilterContext.delay}, in virtual time. */
    public Duration delay() {
      return delay;
    }

    @Override
    public String toString() {
      return "status " + status() + (statusChanged() ? " (changed)" : "") + ", headers "
          + headers() + (headersChanged() ? " (changed)" : "")
          + (bodyChanged() ? ", new body of " + body().length + " bytes" : "");
    }
  }

  // ---------------------------------------------------------------------------- helpers

  private static List<Header> toHeaders(List<Entry> entries) {
    List<Header> headers = new ArrayList<>();
    for (Entry entry : entries) {
      headers.add(new Header(entry.name(), entry.value() == null ? "" : entry.value()));
    }
    return List.copyOf(headers);
  }

  private static @Nullable String first(List<Header> headers, String name) {
    for (Header header : headers) {
      if (header.name().equalsIgnoreCase(name)) {
        return header.value();
      }
    }
    return null;
  }

  private static byte[] bytes(byte @Nullable [] bytes) {
    return bytes == null ? new byte[0] : bytes;
  }

  private static List<String> vars(List<ExtraInfoRequest> asked) {
    List<String> vars = new ArrayList<>();
    for (ExtraInfoRequest request : asked) {
      if (request.var() != null) {
        vars.add(request.var());
      }
    }
    return List.copyOf(vars);
  }

  private static boolean asked(List<ExtraInfoRequest> asked, int infoType) {
    return asked.stream().anyMatch(request -> request.infoType() == infoType);
  }

  private static byte[] address(String literal) {
    boolean looksLiteral =
        literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    if (!looksLiteral) {
      throw new IllegalArgumentException(
          "sourceIp takes an IPv4 or IPv6 literal such as \"10.0.0.7\" or \"::1\"");
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + literal, e);
    }
  }
}
