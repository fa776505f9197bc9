package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.a6.ConfException;
import dev.a6.spi.FilterBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Any text as the conf of any sample plugin, through the parsers the a6 processor generated:
 * {@code prepare} returns or throws a {@link ConfException} whose message starts with the JSON path
 * of the problem (the runtime puts the plugin name in front); nothing else may escape.
 *
 * <p>{@code mvn verify} replays the corpus in {@code
 * src/test/resources/dev/a6/samples/ConfFuzzTestInputs/anyConf}; {@code JAZZER_FUZZ=1} fuzzes (see
 * docs/testing.md).
 */
class ConfFuzzTest {
  private static final List<FilterBinding<?>> PLUGINS = new A6Filters().filters();

  @FuzzTest(maxDuration = "10m")
  void anyConf(FuzzedDataProvider data) throws Exception {
    FilterBinding<?> plugin = PLUGINS.get(data.consumeInt(0, PLUGINS.size() - 1));
    String conf = data.consumeRemainingAsString();
    Object prepared;
    try {
      prepared = plugin.prepare(conf);
    } catch (ConfException e) {
      assertThat(e.getMessage()).as("%s: %s", plugin.name(), e).startsWith("$");
      return;
    }
    if (prepared instanceof AutoCloseable state) {
      state.close();
    }
  }

  /** Writes the seed corpus: {@code java ... ConfFuzzTest <corpus folder>}. */
  public static void main(String[] args) throws IOException {
    Path folder = Files.createDirectories(Path.of(args[0]));
    Map<String, String> confs =
        Map.of(
            "body-limit", "{\"max_bytes\": 1024}",
            "fault-injection", "{\"http_status\": 503, \"percentage\": 50, \"body\": \"x\"}",
            "key-auth", "{\"header\": \"x-key\", \"keys\": [\"a\", \"b\"]}",
            "limit-req", "{\"rate\": 1.5, \"burst\": 2}",
            "request-body-rewrite", "{\"new_body\": \"é\"}",
            "response-rewrite",
                "{\"status\": 200, \"headers\": {\"x-a\": \"1\"}, \"body\": null,"
                    + " \"filters\": [{\"regex\": \"(a+\", \"scope\": \"global\", \"replace\": \"b\"}]}",
            "say", "{\"body\": \"hi\"}",
            "var-to-header", "{\"headers\": {\"x-ip\": \"remote_addr\"}}");
    for (int index = 0; index < PLUGINS.size(); index++) {
      String conf = confs.get(PLUGINS.get(index).name());
      if (conf != null) {
        // FuzzedDataProvider reads integers from the end of the input: the last 4 bytes pick the
        // plugin, the rest is its conf.
        byte[] text = conf.getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(text, text.length + 4);
        input[text.length + 3] = (byte) index;
        Files.write(folder.resolve(PLUGINS.get(index).name()), input);
      }
    }
  }
}
