package dev.a6.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.spi.FilterObserver;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filter observers found on the class path, as a6-opentelemetry is. */
class ObserverDiscoveryTest {
  @TempDir Path dir;

  /** An observer whose SDK cannot be configured: its cause is wrapped twice. */
  public static final class Misconfigured implements FilterObserver {
    public Misconfigured() {
      throw new IllegalStateException(
          "Unexpected configuration error",
          new IllegalArgumentException("No exporter named \"nonsense\""));
    }

    @Override
    public @Nullable Object started(FilterRun run) {
      return null;
    }

    @Override
    public void ended(
        FilterRun run, @Nullable Object started, Outcome outcome, long nanos,
        @Nullable Throwable failure) {}
  }

  /** A class loader that also sees a services file naming {@code observer}. */
  private ClassLoader withObserver(Class<?> observer) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(FilterObserver.class.getName()), observer.getName() + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void noObserverOnTheClassPathIsNone() {
    assertThat(Launcher.discoverObservers(getClass().getClassLoader())).isEmpty();
  }

  @Test
  void anObserverThatCannotBeCreatedStopsTheStartNamingTheInnermostCause() throws IOException {
    assertThatThrownBy(() -> Launcher.discoverObservers(withObserver(Misconfigured.class)))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("a filter observer on the class path cannot be created: ")
        .hasMessageContaining("Unexpected configuration error")
        .hasMessageContaining("caused by java.lang.IllegalArgumentException: No exporter named")
        .hasMessageEndingWith("; fix its configuration or remove its jar");
  }
}
