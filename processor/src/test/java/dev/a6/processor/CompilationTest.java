package dev.a6.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** Whole-compilation behaviour: rounds, options, packages, and errors beyond one element. */
class CompilationTest {

  private static JavaFileObject filter(String pkg, String name, String plugin) {
    return Sources.source(
        pkg + "." + name,
        "package " + pkg + ";",
        "import dev.a6.annotation.Filter;",
        "class " + name + " {",
        "  @Filter(\"" + plugin + "\")",
        "  static void run() {}",
        "}");
  }

  @Test
  void everyErrorOfARoundIsReported() {
    JavaFileObject source = JavaFileObjects.forResource("bad/bad/ManyErrors.java");
    Compilation compilation = Sources.compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(dev.a6.processor.Diagnostic.NAME_LENGTH.format(0))
        .inFile(source)
        .onLineContaining("@Filter(\"\")");
    assertThat(compilation)
        .hadErrorContaining(dev.a6.processor.Diagnostic.PRIVATE_METHOD.format())
        .inFile(source)
        .onLineContaining("private static void second");
    assertThat(compilation)
        .hadErrorContaining(dev.a6.processor.Diagnostic.VAR_TYPE.format("int"))
        .inFile(source)
        .onLineContaining("@Var(\"x\") int x");
  }

  @Test
  void theRegistryGoesInTheCommonPackageAndOthersArePublic() {
    Compilation compilation =
        Sources.compile(
            filter("com.example.gateway.auth", "Auth", "key-auth"),
            filter("com.example.gateway.limits", "Limits", "limit-req"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.gateway.A6Filters");
    assertThat(compilation).generatedSourceFile("com.example.gateway.A6RunnerMain");
    // Where the runtime's own main finds the registry, wherever the processor put it.
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.a6.spi.FilterRegistry")
        .contentsAsUtf8String()
        .isEqualTo("com.example.gateway.A6Filters\n");
    assertThat(Sources.generated(compilation, "com.example.gateway.auth.Auth_Filters"))
        .contains("public final class Auth_Filters")
        .contains("public static List<FilterBinding<?>> bindings()");
  }

  @Test
  void filtersInUnrelatedPackagesNeedAPackageOption() {
    JavaFileObject first = filter("com.a", "First", "first");
    JavaFileObject second = filter("org.b", "Second", "second");
    Compilation failed = Sources.compile(first, second);
    assertThat(failed).failed();
    assertThat(failed)
        .hadErrorContaining(
            dev.a6.processor.Diagnostic.NO_COMMON_PACKAGE.format("[com.a, org.b]"))
        .inFile(first)
        .onLineContaining("class First");

    Compilation placed =
        Sources.compile(List.of("-Aa6.package=net.runner", "-Aa6.prefix=Gateway"), first, second);
    assertThat(placed).succeededWithoutWarnings();
    assertThat(Sources.generated(placed, "net.runner.GatewayRunnerMain"))
        .contains("Runner.launch(GatewayFilters::new, args);");
  }

  @Test
  void withoutTheRuntimeTheErrorSaysWhichDependencyIsMissing() {
    List<File> annotationsOnly =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(File::new)
            .filter(file -> file.getPath().contains("annotations"))
            .toList();
    assertThat(annotationsOnly).isNotEmpty();
    JavaFileObject source = filter("test", "Alone", "alone");
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new FilterProcessor())
            .withClasspath(annotationsOnly)
            .compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            dev.a6.processor.Diagnostic.NO_RUNTIME.format("dev.a6.HttpRequest"))
        .inFile(source)
        .onLineContaining("static void run()");
  }

  @Test
  void aFilterGeneratedAfterTheRegistryIsAnError() {
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new FilterProcessor(), new LateFilterProcessor())
            .compile(
                filter("test", "Early", "early"),
                // An annotation a6 does not claim, so that the other processor runs from round 1.
                Sources.source(
                    "test.Other", "package test;", "@Other @interface Other {}"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    assertThat(error.getMessage(null)).isEqualTo(dev.a6.processor.Diagnostic.LATE_FILTER.format());
    assertThat(error.getSource().getName()).endsWith("test/Late.java");
    assertThat(error.getLineNumber()).as("the line of late()").isEqualTo(5);
  }

  @Test
  void recordsAreParsedOnceAndOutputIsDeterministic() {
    JavaFileObject[] sources = {
      Sources.source(
          "test.Conf", "package test;", "public record Conf(String body) {}"),
      Sources.source(
          "test.Two",
          "package test;",
          "import dev.a6.annotation.Filter;",
          "class Two {",
          "  @Filter(\"b\") static void b(Conf conf) {}",
          "  @Filter(\"a\") static void a(Conf conf) {}",
          "}")
    };
    Compilation first = Sources.compile(sources);
    Compilation second = Sources.compile(sources);
    assertThat(first).succeededWithoutWarnings();
    Set<String> names =
        first.generatedSourceFiles().stream().map(JavaFileObject::getName).collect(Collectors.toSet());
    assertThat(names)
        .containsExactlyInAnyOrder(
            "/SOURCE_OUTPUT/test/Conf_Parser.java",
            "/SOURCE_OUTPUT/test/Two_Filters.java",
            "/SOURCE_OUTPUT/test/A6Filters.java",
            "/SOURCE_OUTPUT/test/A6RunnerMain.java");
    for (String name : List.of("test.Conf_Parser", "test.Two_Filters", "test.A6Filters")) {
      assertThat(Sources.generated(first, name)).isEqualTo(Sources.generated(second, name));
    }
    assertThat(Sources.generated(first, "test.Two_Filters"))
        .containsSubsequence("new ABinding()", "new BBinding()");
  }

  /** Writes a class with a @Filter method in its third round, after the registry exists. */
  static final class LateFilterProcessor extends AbstractProcessor {
    private int round;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
      if (++round == 3) {
        try (Writer out = processingEnv.getFiler().createSourceFile("test.Late").openWriter()) {
          out.write(
              "package test;\nimport dev.a6.annotation.Filter;\nclass Late {\n"
                  + "  @Filter(\"late\")\n  static void late() {}\n}\n");
        } catch (IOException e) {
          processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, e.toString());
        }
      }
      return false;
    }
  }

  @Test
  void aStrictLintBuildStaysGreen() {
    Compilation compilation =
        Sources.compile(
            List.of("-Xlint:all", "-Werror"),
            JavaFileObjects.forResource("good/test/Gateway.java"),
            JavaFileObjects.forResource("good/test/KeyAuthConf.java"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** Writes {@code test.Gen}, a record, in its first round: a type a6 must wait for. */
  static final class GeneratingProcessor extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
      if (!written) {
        written = true;
        try (Writer out = processingEnv.getFiler().createSourceFile("test.Gen").openWriter()) {
          out.write("package test;\npublic record Gen(String value) {}\n");
        } catch (IOException e) {
          processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, e.toString());
        }
      }
      return false;
    }
  }

  @Test
  void aNestedRecordWaitsForATypeAnotherProcessorGenerates() {
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new GeneratingProcessor(), new FilterProcessor())
            .compile(
                Sources.source("test.Inner", "package test;", "record Inner(Gen gen, int n) {}"),
                Sources.source(
                    "test.Outer", "package test;", "record Outer(Inner inner, String name) {}"),
                Sources.source(
                    "test.Uses",
                    "package test;",
                    "import dev.a6.annotation.Filter;",
                    "class Uses {",
                    "  @Filter(\"uses\") static void uses(Outer conf) {}",
                    "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(Sources.generated(compilation, "test.Outer_Parser"))
        .contains("case \"inner\"")
        .contains("case \"name\"");
    assertThat(Sources.generated(compilation, "test.Inner_Parser")).contains("case \"gen\"");
  }
}
