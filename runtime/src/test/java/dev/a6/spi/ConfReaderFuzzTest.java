package dev.a6.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.a6.ConfException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any text as a plugin conf: {@link ConfReader} returns values or throws a {@link ConfException}
 * whose message starts with the JSON path of the problem; nothing else may escape.
 *
 * <p>The reader below calls every reading method the generated parsers use, chosen by key, so
 * that the fuzzer can reach each of them with any JSON value. {@code mvn verify} replays the corpus
 * in {@code src/test/resources/dev/a6/spi/ConfReaderFuzzTestInputs/anyConf}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/testing.md).
 */
class ConfReaderFuzzTest {
  private static final List<String> KEYS =
      List.of("s", "b", "i", "l", "d", "e", "raw", "list", "set", "map", "opt", "nul", "obj", "skip");

  enum Scope {
    ONCE,
    GLOBAL
  }

  @FuzzTest(maxDuration = "10m")
  void anyConf(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    try {
      readConf(json);
      ConfReader.parseDefault(json, ConfReaderFuzzTest::readValue);
    } catch (ConfException e) {
      assertThat(e.getMessage()).as("message of %s", e).startsWith("$");
    }
  }

  private static List<Object> readConf(String json) {
    try (ConfReader in = ConfReader.of(json)) {
      List<Object> values = readObject(in);
      in.end();
      return values;
    }
  }

  private static List<Object> readObject(ConfReader in) {
    List<Object> values = new ArrayList<>();
    in.beginObject();
    for (String key; (key = in.nextKey()) != null; ) {
      switch (key) {
        case "s" -> values.add(in.readString());
        case "b" -> values.add(in.readBoolean());
        case "i" -> values.add(in.readInt());
        case "l" -> values.add(in.readLong());
        case "d" -> values.add(in.readDouble());
        case "e" -> values.add(in.readEnum(Scope.values()));
        case "raw" -> values.add(in.readRawJson());
        case "list" -> values.add(in.readList(ConfReaderFuzzTest::readValue));
        case "set" -> values.add(in.readSet(ConfReader::readString));
        case "map" -> values.add(in.readMap(ConfReaderFuzzTest::readValue));
        case "opt" -> values.add(in.readOptional(ConfReader::readInt));
        case "nul" -> values.add(String.valueOf(in.readNullable(ConfReader::readDouble)));
        case "obj" -> values.add(readObject(in));
        case "skip" -> in.skipValue();
        default -> in.unknownKey(KEYS);
      }
    }
    if (values.isEmpty()) {
      throw in.missing("s");
    }
    if (values.size() > 5) {
      throw in.invalid(new IllegalArgumentException("at most 5 values"));
    }
    return values;
  }

  /** A list or map element: null, or an object read as the top level is. */
  private static Object readValue(ConfReader in) {
    if (in.isNull()) {
      in.skipValue();
      return Map.of();
    }
    return readObject(in);
  }

  /** Writes the seed corpus: {@code java ... ConfReaderFuzzTest <corpus folder>}. */
  public static void main(String[] args) throws IOException {
    Path folder = Files.createDirectories(Path.of(args[0]));
    Map<String, String> seeds =
        Map.of(
            "scalars",
            "{\"s\": \"é\\u0041\", \"b\": true, \"i\": -5, \"l\": 9007199254740993, \"d\": 1e3}",
            "containers",
            "{\"list\": [{\"s\": \"a\"}, null], \"set\": [\"a\", \"b\"], \"map\": {\"k\": {\"i\": 1}}}",
            "optional",
            "{\"opt\": null, \"nul\": 2.5, \"e\": \"Global\", \"raw\": {\"a\": [1, {}]}, \"skip\": [1]}",
            "nested",
            "{\"obj\": {\"obj\": {\"obj\": {\"s\": \"deep\"}}}}",
            "wrong-types",
            "{\"i\": 2147483648, \"b\": \"true\", \"e\": \"other\", \"s\": 1}",
            "unknown-key",
            "{\"x\": 1}",
            "blank",
            " ",
            "truncated",
            "{\"s\": \"a");
    for (Map.Entry<String, String> seed : seeds.entrySet()) {
      Files.writeString(folder.resolve(seed.getKey()), seed.getValue());
    }
  }
}
