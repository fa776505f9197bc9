package dev.a6.internal.launch;

import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterRegistry;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The plugins of a runner whose {@code main} is the runtime's own: every registry the a6
 * processor generated, found once at start-up through {@code META-INF/services}, as one. Calls
 * then go straight to the generated bindings; nothing here is on the call path.
 */
final class Registries {
  static final String NONE_FOUND =
      "no a6 plugins on the class path: the a6 annotation processor did not run when the plugins"
          + " were compiled (it writes META-INF/services/" + FilterRegistry.class.getName()
          + "). Add dev.a6:a6-processor to the maven-compiler-plugin's annotationProcessorPaths,"
          + " as README shows, and rebuild";

  private Registries() {}

  /** One registry of every generated one {@code loader} sees; one line on failure. */
  static FilterRegistry discover(ClassLoader loader) {
    List<ServiceLoader.Provider<FilterRegistry>> providers;
    try {
      providers = ServiceLoader.load(FilterRegistry.class, loader).stream().toList();
    } catch (ServiceConfigurationError e) {
      throw new StartupException("cannot read the plugin registries: " + e.getMessage(), e);
    }
    if (providers.isEmpty()) {
      throw new StartupException(NONE_FOUND);
    }
    Map<String, Class<?>> owners = new HashMap<>();
    List<FilterBinding<?>> all = new ArrayList<>();
    for (ServiceLoader.Provider<FilterRegistry> provider : providers) {
      FilterRegistry registry = provider.get();
      for (FilterBinding<?> binding : registry.filters()) {
        Class<?> earlier = owners.putIfAbsent(binding.name(), provider.type());
        if (earlier != null) {
          throw new StartupException(
              "plugin \"" + binding.name() + "\" is defined twice: by " + describe(earlier)
                  + " and by " + describe(provider.type()) + "; plugin names must be unique"
                  + " in a runner, so rename one of the @Filter(\"" + binding.name() + "\")");
        }
        all.add(binding);
      }
    }
    all.sort(Comparator.comparing(FilterBinding::name));
    List<FilterBinding<?>> filters = List.copyOf(all);
    return () -> filters;
  }

  /** A registry class and the jar (or folder) it came from. */
  private static String describe(Class<?> registry) {
    CodeSource source = registry.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    return registry.getName() + (location == null ? "" : " (in " + location.getPath() + ")");
  }
}
