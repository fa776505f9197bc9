package dev.a6;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The runtime's module: what it exports is its API, and nothing of the runner's internals. */
class ModuleDescriptorTest {
  @Test
  void exportsOnlyTheApiAndTheGeneratedCodesPackage() throws URISyntaxException {
    Path classes = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor module =
        ModuleFinder.of(classes).findAll().iterator().next().descriptor();

    assertThat(module.name()).isEqualTo("dev.a6.runtime");
    assertThat(module.isAutomatic()).isFalse();
    assertThat(module.exports())
        .allSatisfy(exports -> assertThat(exports.isQualified()).isFalse())
        .extracting(Exports::source)
        .containsExactlyInAnyOrder("dev.a6", "dev.a6.spi");
    assertThat(module.packages())
        .contains(
            "dev.a6.internal.launch",
            "dev.a6.internal.transport",
            "dev.a6.internal.wire",
            "dev.a6.internal.conf",
            "dev.a6.internal.call",
            "dev.a6.internal.apisix");
    assertThat(module.opens()).isEmpty();
  }
}
