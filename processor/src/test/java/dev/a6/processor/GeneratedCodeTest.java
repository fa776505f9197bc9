package dev.a6.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.a6.ConfException;
import dev.a6.FilterTester;
import dev.a6.RunnerException;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles {@code good/test/Behaviour.java} with the processor, then runs the generated parsers
 * and dispatch on real JSON through {@link FilterTester}.
 */
class GeneratedCodeTest {
  private static FilterRegistry registry;

  @BeforeAll
  static void compile() {
    Compilation compilation =
        Sources.compile(JavaFileObjects.forResource("good/test/Behaviour.java"));
    assertThat(compilation).succeededWithoutWarnings();
    registry = Compiled.registry(compilation, "test.A6Filters");
  }

  private static String conf(String plugin, String json) {
    return FilterTester.of(registry).conf(plugin, json).request(r -> {}).stop().bodyText();
  }

  private static String confError(String plugin, String json) {
    try {
      FilterTester.of(registry).conf(plugin, json);
    } catch (ConfException e) {
      return e.getMessage();
    }
    throw new AssertionError("no ConfException for " + json);
  }

  @Test
  void theRegistryListsEveryPluginByName() {
    assertThat(registry.filters())
        .extracting(binding -> binding.name())
        .containsExactly(
            "all-types", "async", "blocking", "both", "checked", "closing", "defaults", "instance",
            "lenient", "no-conf", "prefetch", "prepared", "raw", "throws", "tree", "upstream",
            "vars");
  }

  @Test
  void readsEveryComponentType() {
    String json =
        "{\"text\": \"héllo ✓ 😀\", \"flag\": true, \"count\": -2147483648,"
            + " \"big\": 9223372036854775807, \"ratio\": 1e-3, \"maybe_flag\": null,"
            + " \"maybe_count\": 7, \"maybe_ratio\": 2, \"scope\": \"global\","
            + " \"rule\": {\"regex\": \"a+\"},"
            + " \"rules\": [{\"regex\": \"x\", \"scope\": \"GLOBAL\", \"replace\": \"y\"}],"
            + " \"tags\": [\"b\", \"a\", \"b\"], \"weights\": {\"w1\": 1, \"ключ\": 2},"
            + " \"note\": \"n\", \"raw\": {\"k\": [1, {\"z\": null}]}, \"X-Custom\": \"c\","
            + " \"http_status\": 503, \"matrix\": [[1, 2], [], [3]]}";
    assertThat(conf("all-types", json))
        .isEqualTo(
            "AllTypes[text=héllo ✓ 😀, flag=true, count=-2147483648, big=9223372036854775807,"
                + " ratio=0.001, maybeFlag=null, maybeCount=7, maybeBig=null, maybeRatio=2.0,"
                + " scope=GLOBAL, rule=Rule[regex=a+, scope=ONCE, replace=null],"
                + " rules=[Rule[regex=x, scope=GLOBAL, replace=y]], tags=[b, a],"
                + " weights={w1=1, ключ=2}, note=Optional[n], raw={\"k\":[1,{\"z\":null}]},"
                + " custom=c, httpStatus=503, matrix=[[1, 2], [], [3]]]");
  }

  @Test
  void absentKeysGiveEmptyValues() {
    String empty =
        "AllTypes[text=null, flag=false, count=0, big=0, ratio=0.0, maybeFlag=null,"
            + " maybeCount=null, maybeBig=null, maybeRatio=null, scope=null, rule=null, rules=[],"
            + " tags=[], weights={}, note=Optional.empty, raw=null, custom=null, httpStatus=0,"
            + " matrix=[]]";
    assertThat(conf("all-types", "{}")).isEqualTo(empty);
    assertThat(conf("all-types", "  ")).as("a blank conf reads as {}").isEqualTo(empty);
    assertThat(conf("all-types", "{\"text\": null, \"rules\": null}")).isEqualTo(empty);
  }

  @Test
  void defaultsApplyWhenKeysAreAbsentOrNull() {
    assertThat(conf("defaults", "{}"))
        .isEqualTo(
            "Defaults[percentage=100, header=x-api-key, names=[a, b],"
                + " rule=Rule[regex=x, scope=ONCE, replace=null], factor=2.5,"
                + " big=9007199254740993, on=true, scope=GLOBAL, greeting=Optional[hi],"
                + " quoted=say \"hi\" \\ bye, empty=]");
    assertThat(conf("defaults", "{\"percentage\": 0, \"names\": [], \"on\": false, \"greeting\": null}"))
        .isEqualTo(
            "Defaults[percentage=0, header=x-api-key, names=[],"
                + " rule=Rule[regex=x, scope=ONCE, replace=null], factor=2.5,"
                + " big=9007199254740993, on=false, scope=GLOBAL, greeting=Optional[hi],"
                + " quoted=say \"hi\" \\ bye, empty=]");
  }

  @Test
  void errorsNameThePluginThePathAndTheExpectedType() {
    assertThat(confError("all-types", "{\"count\": \"1\"}"))
        .isEqualTo("all-types: $.count: expected integer, got string");
    assertThat(confError("all-types", "{\"count\": 2147483648}"))
        .isEqualTo("all-types: $.count: expected integer (32-bit), got a number out of range");
    assertThat(confError("all-types", "{\"big\": 9223372036854775808}"))
        .isEqualTo("all-types: $.big: expected integer (64-bit), got a number out of range");
    assertThat(confError("all-types", "{\"ratio\": 1e400}"))
        .isEqualTo("all-types: $.ratio: expected number, got a number out of range");
    assertThat(confError("all-types", "{\"count\": 1.5}"))
        .isEqualTo("all-types: $.count: expected integer, got a decimal number");
    assertThat(confError("all-types", "{\"rules\": [{\"scope\": \"once\"}]}"))
        .isEqualTo("all-types: $.rules[0]: missing required key \"regex\"");
    assertThat(confError("all-types", "{\"rules\": [{\"regex\": \"x\", \"scope\": \"twice\"}]}"))
        .isEqualTo(
            "all-types: $.rules[0].scope: expected one of \"once\", \"global\", got another string");
    assertThat(confError("all-types", "{\"weights\": {\"a\": 1.5}}"))
        .isEqualTo("all-types: $.weights.a: expected integer, got a decimal number");
    assertThat(confError("all-types", "{\"matrix\": [[1], [\"2\"]]}"))
        .isEqualTo("all-types: $.matrix[1][0]: expected integer, got string");
    assertThat(confError("all-types", "[]"))
        .isEqualTo("all-types: $: expected object, got array");
    assertThat(confError("all-types", "{\"textt\": 1}"))
        .isEqualTo(
            "all-types: $.textt: unknown key; expected one of: text, flag, count, big, ratio,"
                + " maybe_flag, maybe_count, maybe_big, maybe_ratio, scope, rule, rules, tags,"
                + " weights, note, raw, X-Custom, http_status, matrix");
    assertThat(confError("checked", "{\"min\": 5, \"max\": 1}"))
        .isEqualTo("checked: $: min must not exceed max");
    assertThat(confError("nope", "{}")).startsWith("unknown plugin \"nope\"; this runner has all-types, async,");
  }

  @Test
  void errorsNeverEchoValues() {
    String secret = "hunter2-secret";
    for (String json :
        List.of(
            "{\"flag\": \"" + secret + "\"}",
            "{\"scope\": \"" + secret + "\"}",
            "{\"text\": \"" + secret + "\", \"count\": {}}",
            "{\"text\": " + secret + "}",
            "{\"" + "text\": \"" + secret + "\",}")) {
      assertThat(confError("all-types", json)).doesNotContain(secret);
    }
  }

  @Test
  void syntaxErrorsGiveAPosition() {
    assertThat(confError("all-types", "{\"text\": \"x\",\n\"flag\": tru}"))
        .startsWith("all-types: $")
        .contains("malformed JSON at line 2, column");
  }

  @Test
  void nestingIsLimited() {
    String deep = "{\"name\": \"n\", \"children\": [".repeat(30) + "]}".repeat(30);
    assertThat(conf("tree", deep)).startsWith("Tree[name=n, children=[Tree[name=n, children=[");
    String tooDeep = "{\"name\": \"n\", \"children\": [".repeat(40) + "]}".repeat(40);
    assertThat(confError("tree", tooDeep)).contains("nesting deeper than 64 levels");
  }

  @Test
  void unknownKeysCanBeAllowed() {
    assertThat(conf("lenient", "{\"b\": [1, {\"c\": 2}], \"a\": \"x\"}")).isEqualTo("Lenient[a=x]");
  }

  @Test
  void aStringConfIsTheRawValue() {
    assertThat(conf("raw", "anything { not json")).isEqualTo("[anything { not json]");
  }

  @Test
  void aFilterWithoutConfIgnoresItsValue() {
    var result = FilterTester.of(registry).conf("no-conf", "whatever").request(r -> {});
    assertThat(result.rewrite().headers()).containsEntry("x-seen", "yes");
  }

  @Test
  void varsAndBodiesAreFetchedBeforeTheFilterRuns() {
    FilterTester tester = FilterTester.of(registry).conf("vars", "");
    var result = tester.request(r -> r.var("remote_addr", "10.0.0.1").var("arg_x", "").body("héllo"));
    assertThat(result.stop().bodyText()).isEqualTo("10.0.0.1||true|héllo");
    assertThat(result.fetchedVars()).containsExactly("remote_addr", "arg_x", "missing");
    assertThat(result.fetchedBody()).isTrue();
    assertThat(tester.request(r -> r.var("remote_addr", "::1")).stop().bodyText())
        .isEqualTo("::1|none|true|");
  }

  @Test
  void confsCanAskForVarsOnlyTheyName() {
    var result =
        FilterTester.of(registry)
            .conf("prefetch", "{\"names\": [\"a\", \"b\"]}")
            .request(r -> r.var("a", "1"));
    assertThat(result.stop().bodyText()).isEqualTo("a=1;b=null;");
    assertThat(result.fetchedVars()).containsExactly("a", "b");
  }

  @Test
  void asynchronousAndBlockingFilters() {
    var delayed = FilterTester.of(registry).conf("async", "").request(r -> {});
    assertThat(delayed.stop().status()).isEqualTo(202);
    assertThat(delayed.delay()).isEqualTo(Duration.ofMillis(250));
    var blocking = FilterTester.of(registry).conf("blocking", "").request(r -> {});
    assertThat(blocking.stop().status()).isEqualTo(203);
  }

  @Test
  void aCheckedExceptionFailsTheCall() {
    FilterTester tester = FilterTester.of(registry).conf("throws", "");
    assertThatThrownBy(() -> tester.request(r -> {}))
        .isInstanceOf(RunnerException.class)
        .hasMessageContaining("filter \"throws\" failed")
        .hasRootCauseInstanceOf(IOException.class)
        .hasRootCauseMessage("disk on fire");
  }

  @Test
  void instanceFiltersShareOneInstance() {
    FilterTester tester = FilterTester.of(registry).conf("instance", "");
    assertThat(tester.request(r -> {}).stop().bodyText()).isEqualTo("call 1");
    assertThat(tester.request(r -> {}).stop().bodyText()).isEqualTo("call 2");
  }

  @Test
  void preparedStateLivesAsLongAsItsConf() {
    FilterTester route = FilterTester.of(registry).conf("prepared", "{\"a\": \"route1\"}");
    assertThat(route.request(r -> {}).stop().bodyText()).isEqualTo("route1 1");
    assertThat(route.request(r -> {}).stop().bodyText()).isEqualTo("route1 2");
    FilterTester otherRoute = FilterTester.of(registry).conf("prepared", "{\"a\": \"route1\"}");
    assertThat(otherRoute.request(r -> {}).stop().bodyText())
        .as("an equal conf of another route gets its own state")
        .isEqualTo("route1 1");
  }

  @Test
  void closeableStateIsClosedThroughThePreparedConf() throws Exception {
    FilterBinding<?> closing =
        registry.filters().stream()
            .filter(f -> f.name().equals("closing"))
            .findFirst()
            .orElseThrow();
    Object prepared = closing.prepare("");
    assertThat(prepared).isInstanceOf(AutoCloseable.class);
    FilterTester tester = FilterTester.of(registry).conf("closing", "");
    assertThat(tester.request(r -> {}).stop().bodyText()).isEqualTo("closed so far: 0");
    ((AutoCloseable) prepared).close();
    assertThat(tester.request(r -> {}).stop().bodyText()).isEqualTo("closed so far: 1");
  }

  @Test
  void onePluginWithBothPhases() {
    FilterTester tester = FilterTester.of(registry).conf("both", "{\"a\": \"v\"}");
    assertThat(tester.request(r -> {}).rewrite().headers()).containsEntry("x-phase", "request v");
    var response = tester.response(u -> u.header("Content-Type", "text/plain"));
    assertThat(response.header("x-phase")).isEqualTo("response v");
    assertThat(response.header("content-type")).isEqualTo("text/plain");
  }

  @Test
  void theUpstreamBody() {
    var result =
        FilterTester.of(registry).conf("upstream", "").response(u -> u.status(200).body("hello"));
    assertThat(result.status()).isEqualTo(201);
    assertThat(result.bodyText()).isEqualTo("HELLO");
    assertThat(result.fetchedBody()).isTrue();
  }
}
