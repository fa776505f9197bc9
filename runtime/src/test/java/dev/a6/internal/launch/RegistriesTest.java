package dev.a6.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.internal.apisix.TestBindings;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugins of a runner started by the runtime's own main, found through META-INF/services. */
class RegistriesTest {
  @TempDir Path dir;

  /** As the processor generates them: public, with a public no-argument constructor. */
  public static final class Auth implements FilterRegistry {
    @Override
    public List<FilterBinding<?>> filters() {
      return List.of(TestBindings.request("key-auth", (conf, request, response, context) -> FilterBinding.DONE));
    }
  }

  public static final class Limits implements FilterRegistry {
    @Override
    public List<FilterBinding<?>> filters() {
      return List.of(
          TestBindings.request("limit-req", (conf, request, response, context) -> FilterBinding.DONE),
          TestBindings.request("body-limit", (conf, request, response, context) -> FilterBinding.DONE));
    }
  }

  public static final class OtherAuth implements FilterRegistry {
    @Override
    public List<FilterBinding<?>> filters() {
      return List.of(TestBindings.request("key-auth", (conf, request, response, context) -> FilterBinding.DONE));
    }
  }

  /** A class loader that sees the test classes and a service file listing {@code registries}. */
  private ClassLoader listing(Class<?>... registries) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    StringBuilder lines = new StringBuilder();
    for (Class<?> registry : registries) {
      lines.append(registry.getName()).append('\n');
    }
    Files.writeString(services.resolve(FilterRegistry.class.getName()), lines);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void theRegistriesOfSeveralJarsMakeOneRunner() throws IOException {
    FilterRegistry all = Registries.discover(listing(Auth.class, Limits.class));

    assertThat(all.filters())
        .extracting(FilterBinding::name)
        .containsExactly("body-limit", "key-auth", "limit-req");
  }

  @Test
  void aPluginNameDefinedTwiceIsAStartupErrorNamingBoth() throws IOException {
    assertThatThrownBy(() -> Registries.discover(listing(Auth.class, OtherAuth.class)))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("plugin \"key-auth\" is defined twice: by " + Auth.class.getName())
        .hasMessageContaining("and by " + OtherAuth.class.getName() + " (in ")
        .hasMessageContaining("rename one of the @Filter(\"key-auth\")");
  }

  @Test
  void withoutTheProcessorRunAndSelftestSayHowToAddItInOneLine() {
    ClassLoader nothing = new URLClassLoader(new URL[0], null);
    for (String[] args : new String[][] {{}, {"selftest"}}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      int status =
          Launcher.run(
              () -> Registries.discover(nothing), args, Map.<String, String>of()::get, print, print);
      assertThat(status).isEqualTo(2);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("a6: " + Registries.NONE_FOUND + System.lineSeparator())
          .contains("the a6 annotation processor did not run")
          .contains("annotationProcessorPaths");
    }
  }
}
