package dev.a6.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's plugins in a named module that does not read {@code java.compiler}, built with
 * {@code -Xlint:all -Werror} against the runtime's module, which reads the annotations' module for
 * it: the generated code must compile there too, through the runtime's exported packages only.
 */
class ModularCompilationTest {
  private static final List<Class<?>> RUNTIME_DEPENDENCIES =
      List.of(
          com.fasterxml.jackson.core.JsonFactory.class,
          com.google.flatbuffers.FlatBufferBuilder.class,
          io.netty.buffer.ByteBuf.class,
          io.netty.handler.codec.ByteToMessageDecoder.class,
          io.netty.util.concurrent.EventExecutor.class,
          io.netty.channel.Channel.class,
          io.netty.channel.epoll.Epoll.class,
          io.netty.channel.unix.DomainSocketAddress.class,
          org.slf4j.Logger.class);

  @TempDir Path dir;

  @Test
  void aModuleWithoutJavaCompilerBuildsWithStrictLint() throws Exception {
    Path modules = Files.createDirectories(dir.resolve("modules"));
    jar(classesOf(dev.a6.annotation.Filter.class), modules.resolve("a6-annotations.jar"));
    jar(classesOf(dev.a6.Runner.class), modules.resolve("a6-runtime.jar"));
    // What the runtime's module requires, under the jar names Maven gives them (flatbuffers-java
    // is an automatic module, named after its jar).
    for (Class<?> type : RUNTIME_DEPENDENCIES) {
      Path jar = classesOf(type);
      Files.copy(jar, modules.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    Path sources = dir.resolve("src");
    write(
        sources.resolve("module-info.java"),
        "module com.example {",
        "  requires dev.a6.runtime;",
        "}");
    write(
        sources.resolve("com/example/Hello.java"),
        "package com.example;",
        "import dev.a6.HttpResponse;",
        "import dev.a6.annotation.Filter;",
        "final class Hello {",
        "  @Filter(\"hello\")",
        "  static void hello(HttpResponse response) {",
        "    response.stop(200, \"hi\");",
        "  }",
        "}");

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter output = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);
        Stream<Path> walk = Files.walk(sources)) {
      List<Path> javaFiles = walk.filter(path -> path.toString().endsWith(".java")).toList();
      JavaCompiler.CompilationTask task =
          javac.getTask(
              output,
              files,
              null,
              List.of(
                  "-d", dir.resolve("out").toString(),
                  "--module-path", modules.toString(),
                  "-Xlint:all,-requires-automatic",
                  "-Werror"),
              null,
              files.getJavaFileObjectsFromPaths(javaFiles));
      task.setProcessors(List.of(new FilterProcessor()));
      boolean compiled = task.call();
      assertThat(compiled).as("javac output:%n%s", output).isTrue();
    }
    assertThat(dir.resolve("out/com/example/A6RunnerMain.class")).exists();
    assertThat(Files.readString(dir.resolve("out/com/example/Hello_Filters.java")))
        .contains("@RunnerGenerated")
        .doesNotContain("javax.annotation.processing.Generated");
  }

  private static Path classesOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** A jar of a class folder (or the jar itself): the module path takes jars as modules. */
  private static void jar(Path classes, Path jar) throws IOException {
    if (Files.isRegularFile(classes)) {
      Files.copy(classes, jar);
      return;
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path path : walk.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }

  private static void write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines));
  }
}
