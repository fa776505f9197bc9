package dev.a6.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The project the archetype generates, after the archetype plugin's integration test generated it
 * from {@code src/test/resources/projects/basic} and built it with {@code mvn verify} (which ran
 * its FilterTester test): its runner jar starts and answers a call.
 */
class GeneratedRunnerIT {
  private static final Path PROJECT =
      Path.of("target", "test-classes", "projects", "basic", "project", "hello-runner");

  @Test
  void theGeneratedRunnerJarStartsAndAnswersACall() throws Exception {
    Path jar = PROJECT.resolve("target/hello-runner-runner.jar");
    assertThat(jar).as("the runner jar the generated project builds").isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.a6.Runner");
      assertThat(file.getEntry("META-INF/services/dev.a6.spi.FilterRegistry")).isNotNull();
    }

    Process selftest =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "selftest")
            .redirectErrorStream(true)
            .start();
    String output = new String(selftest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(selftest.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(selftest.exitValue()).as(output).isZero();
    assertThat(output).contains("selftest passed").contains(", 1 plugin, ");
  }

  @Test
  void theGeneratedProjectIsReadyToUse() throws IOException {
    assertThat(PROJECT.resolve("src/main/java/com/example/hello/Greeting.java")).isRegularFile();
    assertThat(PROJECT.resolve("src/test/java/com/example/hello/GreetingTest.java")).isRegularFile();
    assertThat(PROJECT.resolve("target/surefire-reports")).isDirectory();
    String readme = Files.readString(PROJECT.resolve("README.md"));
    assertThat(readme)
        .startsWith("# hello-runner")
        .contains("## Run it under APISIX")
        .contains("\"-jar\", \"/opt/a6/hello-runner-runner.jar\"]")
        .doesNotContain("${");
    String pom = Files.readString(PROJECT.resolve("pom.xml"));
    assertThat(pom).contains("<a6.version>0.1.0-SNAPSHOT</a6.version>").contains("a6-bom");
  }
}
