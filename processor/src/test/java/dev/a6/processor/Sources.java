package dev.a6.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor. */
final class Sources {
  private Sources() {}

  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  static Compilation compile(List<String> options, JavaFileObject... sources) {
    return javac()
        .withProcessors(new FilterProcessor())
        .withOptions(options)
        .compile(Arrays.asList(sources));
  }

  static String generated(Compilation compilation, String qualifiedName) {
    try {
      return compilation
          .generatedSourceFile(qualifiedName)
          .orElseThrow(() -> new AssertionError("no generated " + qualifiedName + " in "
              + compilation.generatedSourceFiles()))
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
