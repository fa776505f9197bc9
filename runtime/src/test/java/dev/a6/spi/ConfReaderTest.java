package dev.a6.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.ConfException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reader generated parsers use; these tests read JSON the way generated code does. */
class ConfReaderTest {
  enum Scope {
    ONCE,
    GLOBAL
  }

  record Rule(String regex, Scope scope) {}

  private static Rule readRule(ConfReader in) {
    String regex = null;
    Scope scope = Scope.ONCE;
    in.beginObject();
    for (String key; (key = in.nextKey()) != null; ) {
      switch (key) {
        case "regex" -> regex = in.readString();
        case "scope" -> scope = in.readEnum(Scope.values());
        default -> in.unknownKey(List.of("regex", "scope"));
      }
    }
    if (regex == null) {
      throw in.missing("regex");
    }
    return new Rule(regex, scope);
  }

  private static List<Object> readTop(String json) {
    try (ConfReader in = ConfReader.of(json)) {
      List<Object> values = new ArrayList<>();
      in.beginObject();
      for (String key; (key = in.nextKey()) != null; ) {
        switch (key) {
          case "n" -> values.add(in.readInt());
          case "l" -> values.add(in.readLong());
          case "d" -> values.add(in.readDouble());
          case "b" -> values.add(in.readBoolean());
          case "rules" -> values.add(in.readList(ConfReaderTest::readRule));
          case "headers" -> values.add(in.readMap(ConfReader::readString));
          case "opt" -> values.add(in.readOptional(ConfReader::readString));
          case "raw" -> values.add(in.readRawJson());
          default -> in.unknownKey(List.of("n", "l", "d", "b", "rules", "headers", "opt", "raw"));
        }
      }
      in.end();
      return values;
    }
  }

  @Test
  void readsNestedValues() {
    assertThat(
            readTop(
                "{\"n\": -5, \"l\": 9007199254740993, \"d\": 2, \"b\": true,"
                    + " \"rules\": [{\"regex\": \"a+\", \"scope\": \"Global\"}, {\"regex\": \"é\"}],"
                    + " \"headers\": {\"X-A\": \"1\"}, \"opt\": null, \"raw\": {\"a\": [1, {}]}}"))
        .containsExactly(
            -5,
            9007199254740993L,
            2.0,
            true,
            List.of(new Rule("a+", Scope.GLOBAL), new Rule("é", Scope.ONCE)),
            Map.of("X-A", "1"),
            Optional.empty(),
            "{\"a\":[1,{}]}");
  }

  @Test
  void blankConfsReadAsEmptyObjects() {
    assertThat(readTop("  ")).isEmpty();
  }

  @Test
  void errorsNameThePathAndTheTypeButNeverTheValue() {
    assertError("{\"n\": \"secret\"}", "$.n: expected integer, got string");
    assertError("{\"n\": 1.5}", "$.n: expected integer, got a decimal number");
    assertError("{\"n\": 3000000000}", "$.n: expected integer (32-bit), got a number out of range");
    assertError(
        "{\"l\": 99999999999999999999}",
        "$.l: expected integer (64-bit), got a number out of range");
    assertError("{\"b\": \"true\"}", "$.b: expected boolean, got string");
    assertError("{\"rules\": {}}", "$.rules: expected array, got object");
    assertError("{\"rules\": [{\"regex\": \"x\"}, {}]}", "$.rules[1]: missing required key \"regex\"");
    assertError(
        "{\"rules\": [{\"regex\": \"x\", \"scope\": \"sometimes\"}]}",
        "$.rules[0].scope: expected one of \"once\", \"global\", got another string");
    assertError(
        "{\"rules\": [{\"regex\": \"x\", \"flags\": 1}]}",
        "$.rules[0].flags: unknown key; expected one of: regex, scope");
    assertError("{\"headers\": {\"X-A\": 1}}", "$.headers.X-A: expected string, got integer");
    assertError("{\"headers\": {\"a b\": 1}}", "$.headers[\"a b\"]: expected string, got integer");
    assertError("[1]", "$: expected object, got array");
    assertError("\"bar\"", "$: expected object, got string");
    assertError("{} {}", "$: unexpected content after the conf");
  }

  @Test
  void syntaxErrorsGiveThePositionOnly() {
    ConfException error = catchConf("{\"n\": 1,\n \"d\": tru }");
    assertThat(error).hasMessageStartingWith("$.d: malformed JSON at line 2, column");
    assertThat(error.getMessage()).doesNotContain("tru");
  }

  @Test
  void limitsAreConfErrors() {
    String deep = "{\"raw\": " + "[".repeat(100) + "]".repeat(100) + "}";
    assertThat(catchConf(deep)).hasMessageContaining("nesting deeper than 64 levels");
    String longNumber = "{\"d\": 1" + "0".repeat(100) + "}";
    assertThat(catchConf(longNumber)).hasMessageContaining("a number longer than 64 digits");
  }

  @Test
  void refusalsOfTheRecordBecomeConfErrorsAtThePath() {
    try (ConfReader in = ConfReader.of("{\"rate\": -1}")) {
      in.beginObject();
      in.nextKey();
      assertThat(in.invalid(new IllegalArgumentException("rate must be >= 0")))
          .hasMessage("$.rate: rate must be >= 0");
    }
  }

  @Test
  void defaultsParseWithTheSameReaders() {
    List<String> parsed =
        ConfReader.parseDefault("[\"a\", \"b\"]", in -> in.readList(ConfReader::readString));
    assertThat(parsed).containsExactly("a", "b");
  }

  private static void assertError(String json, String message) {
    assertThat(catchConf(json)).hasMessage(message);
  }

  private static ConfException catchConf(String json) {
    try {
      readTop(json);
    } catch (ConfException e) {
      return e;
    }
    throw new AssertionError("no ConfException for " + json);
  }

  @Test
  void catchConfFailsWithoutAnError() {
    assertThatThrownBy(() -> catchConf("{}")).isInstanceOf(AssertionError.class);
  }
}
