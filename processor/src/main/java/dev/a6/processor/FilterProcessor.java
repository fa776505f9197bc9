package dev.a6.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.a6.processor.FilterScanner.Outcome;
import dev.a6.processor.FilterScanner.Result;
import dev.a6.processor.FilterScanner.Scanned;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic.Kind;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Generates a plugin runner from {@code @Filter} methods: per conf record a parser, per class a
 * dispatch of its plugins, and per compilation one registry, listed in {@code
 * META-INF/services/dev.a6.spi.FilterRegistry} for the runtime's own {@code main}, and one
 * {@code main} of its own.
 *
 * <p>Options: {@code -Aa6.prefix=Gateway} names the registry {@code GatewayFilters} and the main
 * class {@code GatewayRunnerMain} (default prefix {@code A6}); {@code -Aa6.package=com.example}
 * puts them in that package (default: the common package of the filter classes).
 */
@AutoService(Processor.class)
@SupportedOptions({FilterProcessor.PREFIX_OPTION, FilterProcessor.PACKAGE_OPTION})
public final class FilterProcessor extends AbstractProcessor {
  static final String PREFIX_OPTION = "a6.prefix";
  static final String PACKAGE_OPTION = "a6.package";

  private Reporter reporter;
  private ConfScanner confs;
  private FilterScanner scanner;
  private FilterValidator validator;

  /** Classes whose filters refer to types that do not exist yet, to scan again next round. */
  private final Set<String> deferred = new TreeSet<>();
  private final Set<ClassName> writtenParsers = new HashSet<>();
  private final List<ClassName> filtersClasses = new ArrayList<>();
  private final List<Element> filterMethods = new ArrayList<>();
  private final Set<String> ownerPackages = new TreeSet<>();
  private String registryPackage;
  private boolean registryWritten;
  private boolean runtimeMissingReported;
  private GeneratedMarks marks;

  /**
   * Every a6 annotation ({@code @Filter} drives the processor, the others are read through it),
   * and the {@code @Generated} it puts on the code it writes. All are claimed, so that {@code
   * -Xlint:all -Werror} builds do not fail on javac's "No processor claimed any of these
   * annotations"; no other processor has a use for them.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(RuntimeNames.ANNOTATIONS + ".*", RuntimeNames.GENERATED.canonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      processRound(round);
    } catch (RuntimeException | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv.getMessager().printMessage(Kind.ERROR, Diagnostic.INTERNAL.format(trace));
    }
    // a6's annotations are a6's alone: claim them (see getSupportedAnnotationTypes).
    return true;
  }

  private void processRound(RoundEnvironment round) {
    if (reporter == null) {
      reporter = new Reporter(processingEnv.getMessager());
    }
    Map<String, TypeElement> owners = new TreeMap<>();
    for (Element element : round.getElementsAnnotatedWith(
        processingEnv.getElementUtils().getTypeElement(RuntimeNames.FILTER))) {
      if (element.getKind() == ElementKind.METHOD) {
        TypeElement owner = (TypeElement) element.getEnclosingElement();
        owners.put(owner.getQualifiedName().toString(), owner);
      }
    }
    if (round.processingOver()) {
      reportUnresolved();
      return;
    }
    for (String name : deferred) {
      TypeElement owner = processingEnv.getElementUtils().getTypeElement(name);
      if (owner != null) {
        owners.put(name, owner);
      }
    }
    deferred.clear();
    if (owners.isEmpty()) {
      writeRegistryOnce();
      return;
    }
    if (registryWritten) {
      owners.values().forEach(owner -> filterMethods(owner).forEach(
          method -> reporter.error(Diagnostic.LATE_FILTER, method)));
      return;
    }
    if (!runtimeAvailable(owners.values())) {
      return;
    }
    processOwners(owners.values());
  }

  private boolean runtimeAvailable(Iterable<TypeElement> owners) {
    Optional<String> missing = FilterScanner.missingRuntimeType(processingEnv.getElementUtils());
    if (missing.isEmpty()) {
      if (scanner == null) {
        confs =
            new ConfScanner(
                processingEnv,
                reporter,
                processingEnv
                    .getElementUtils()
                    .getTypeElement(RuntimeNames.PREFETCH.canonicalName())
                    .asType());
        scanner = new FilterScanner(processingEnv, reporter, confs);
        validator = new FilterValidator(reporter);
      }
      return true;
    }
    if (!runtimeMissingReported) {
      runtimeMissingReported = true;
      for (TypeElement owner : owners) {
        for (ExecutableElement method : filterMethods(owner)) {
          reporter.error(Diagnostic.NO_RUNTIME, method, missing.get());
          return false;
        }
      }
    }
    return false;
  }

  private void processOwners(Iterable<TypeElement> owners) {
    List<Scanned> scanned = new ArrayList<>();
    Map<ClassName, TypeElement> ownerElements = new LinkedHashMap<>();
    for (TypeElement owner : owners) {
      List<Scanned> ofOwner = new ArrayList<>();
      boolean defer = false;
      for (ExecutableElement method : filterMethods(owner)) {
        Result result = scanner.scan(method);
        if (result.outcome() == Outcome.DEFERRED) {
          defer = true;
        } else if (result.outcome() == Outcome.SCANNED) {
          ofOwner.add(result.scanned());
        }
      }
      if (defer) {
        // All methods of a class are written together, once every type they use exists.
        deferred.add(owner.getQualifiedName().toString());
        continue;
      }
      scanned.addAll(ofOwner);
      ownerElements.put(ClassName.get(owner), owner);
    }

    Map<ClassName, List<FilterModel>> byOwner = new TreeMap<>(Comparator.comparing(ClassName::canonicalName));
    for (FilterModel filter : validator.validate(scanned)) {
      byOwner.computeIfAbsent(filter.owner(), owner -> new ArrayList<>()).add(filter);
    }
    for (ConfModel conf : confs.models()) {
      if (writtenParsers.add(conf.type())) {
        write(ConfParserWriter.write(conf, marks()));
      }
    }
    if (byOwner.isEmpty()) {
      return;
    }
    byOwner.keySet().forEach(owner -> ownerPackages.add(owner.packageName()));
    if (registryPackage == null) {
      registryPackage = registryPackage(byOwner.keySet(), ownerElements);
      if (registryPackage == null) {
        return;
      }
    }
    byOwner.forEach(
        (owner, filters) -> {
          filters.sort(Comparator.comparing(FilterModel::name));
          boolean isPublic = !owner.packageName().equals(registryPackage);
          write(DispatchWriter.write(owner, filters, isPublic, marks()));
          filtersClasses.add(DispatchWriter.filtersClass(owner));
          filters.forEach(filter -> filter.methods().forEach(m -> filterMethods.add(m.element())));
        });
  }

  /** The package of the registry: the option, or the common package of the filter classes. */
  private String registryPackage(Set<ClassName> owners, Map<ClassName, TypeElement> elements) {
    String option = processingEnv.getOptions().get(PACKAGE_OPTION);
    if (option != null && !option.isBlank()) {
      return option.trim();
    }
    String common = null;
    for (ClassName owner : owners) {
      common = common == null ? owner.packageName() : commonPackage(common, owner.packageName());
    }
    Set<String> packages = new TreeSet<>();
    owners.forEach(owner -> packages.add(owner.packageName()));
    if (common.isEmpty() && !packages.equals(Set.of(""))) {
      for (ClassName owner : owners) {
        reporter.error(Diagnostic.NO_COMMON_PACKAGE, elements.get(owner), packages);
      }
      return null;
    }
    return common;
  }

  private static String commonPackage(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    StringBuilder common = new StringBuilder();
    for (int i = 0; i < Math.min(left.length, right.length) && left[i].equals(right[i]); i++) {
      if (common.length() > 0) {
        common.append('.');
      }
      common.append(left[i]);
    }
    return common.toString();
  }

  /** Writes the registry and main in the first round that brings no new filters. */
  private void writeRegistryOnce() {
    if (registryWritten || filtersClasses.isEmpty() || !deferred.isEmpty()) {
      return;
    }
    registryWritten = true;
    String prefix = processingEnv.getOptions().getOrDefault(PREFIX_OPTION, "A6").trim();
    ClassName registry = ClassName.get(registryPackage, prefix + "Filters");
    ClassName main = ClassName.get(registryPackage, prefix + "RunnerMain");
    List<ClassName> sorted = new ArrayList<>(filtersClasses);
    sorted.sort(Comparator.comparing(ClassName::canonicalName));
    write(RegistryWriter.registry(registry, sorted, filterMethods, marks()));
    write(RegistryWriter.main(main, registry, filterMethods, marks()));
    registerService(registry);
  }

  /**
   * Lists the registry in {@code META-INF/services}, where the runtime's own {@code main} finds
   * it: a runner jar's {@code Main-Class} then never moves with the plugins' package.
   */
  private void registerService(ClassName registry) {
    String path = "META-INF/services/" + RuntimeNames.FILTER_REGISTRY.canonicalName();
    try {
      FileObject file =
          processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", path);
      try (Writer out = file.openWriter()) {
        out.write(registry.canonicalName() + "\n");
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Kind.ERROR, "cannot write " + path + ": " + e);
    }
  }

  private void reportUnresolved() {
    if (confs != null) {
      confs.unresolvedComponents().forEach(
          component ->
              reporter.error(
                  Diagnostic.UNRESOLVED,
                  component,
                  "component " + component.getSimpleName(),
                  component.asType()));
    }
    for (String name : deferred) {
      TypeElement owner = processingEnv.getElementUtils().getTypeElement(name);
      if (owner == null) {
        continue;
      }
      for (ExecutableElement method : filterMethods(owner)) {
        for (VariableElement parameter : method.getParameters()) {
          if (parameter.asType().getKind() == TypeKind.ERROR) {
            reporter.error(Diagnostic.UNRESOLVED, parameter, "parameter " + parameter.getSimpleName(), parameter.asType());
          }
        }
        if (method.getReturnType().getKind() == TypeKind.ERROR) {
          reporter.error(Diagnostic.UNRESOLVED, method, "the return type", method.getReturnType());
        }
      }
    }
    deferred.clear();
  }

  /** How generated types are marked; {@code @Generated} only where the compiled code sees it. */
  private GeneratedMarks marks() {
    if (marks == null) {
      marks =
          new GeneratedMarks(
              processingEnv.getElementUtils().getTypeElement(RuntimeNames.GENERATED.canonicalName())
                  != null);
    }
    return marks;
  }

  private static List<ExecutableElement> filterMethods(TypeElement owner) {
    return ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
        .filter(method -> Annotations.has(method, RuntimeNames.FILTER))
        .toList();
  }

  private void write(JavaFile file) {
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      processingEnv
          .getMessager()
          .printMessage(
              Kind.ERROR,
              "cannot write " + file.packageName() + "." + file.typeSpec().name() + ": " + e);
    }
  }
}
