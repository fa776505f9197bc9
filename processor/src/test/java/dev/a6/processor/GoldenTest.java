package dev.a6.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source, compared as text with {@code src/test/resources/expected/}: a conf parser,
 * a class's dispatch, and the registry. After a deliberate change, regenerate them with {@code
 * GOLDEN_FILE_ROOT=$PWD/processor/src/test/resources mvn -pl processor test -Dtest=GoldenTest}
 * and review the diff.
 */
class GoldenTest {
  private static Compilation compilation;
  /** Owners, confs and components named like what the generated code declares. */
  private static Compilation hostile;

  @BeforeAll
  static void compile() {
    compilation =
        Sources.compile(
            JavaFileObjects.forResource("good/test/Gateway.java"),
            JavaFileObjects.forResource("good/test/KeyAuthConf.java"));
    assertThat(compilation).succeededWithoutWarnings();
    hostile = Sources.compile(JavaFileObjects.forResource("good/hostile/Names.java"));
    assertThat(hostile).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @ValueSource(strings = {"test.KeyAuthConf_Parser", "test.Gateway_Filters", "test.A6Filters"})
  void generatedSourceMatchesTheGoldenFile(String type) throws IOException {
    matchesGoldenFile(compilation, type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hostile.Names_Conf_Parser",
        "hostile.Names_Context_Filters",
        "hostile.Names_Default_Filters",
        "hostile.Names_Switch_Filters",
        "hostile.Names_Filters"
      })
  void hostileNamesStayApart(String type) throws IOException {
    matchesGoldenFile(hostile, type);
  }

  private static void matchesGoldenFile(Compilation compilation, String type) throws IOException {
    String actual = Sources.generated(compilation, type);
    String file = "expected/" + type.replace('.', '/') + ".java";
    String root = System.getenv("GOLDEN_FILE_ROOT");
    if (root != null) {
      Path golden = Path.of(root, file);
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual);
      return;
    }
    try (InputStream in = GoldenTest.class.getClassLoader().getResourceAsStream(file)) {
      assertThat(in).as("golden file %s", file).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
