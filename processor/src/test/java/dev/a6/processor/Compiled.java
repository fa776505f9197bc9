package dev.a6.processor;

import com.google.testing.compile.Compilation;
import dev.a6.spi.FilterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Loads the classes of a successful compilation, to run the generated code. */
final class Compiled extends ClassLoader {
  private final Map<String, byte[]> classes = new HashMap<>();

  private Compiled(Compilation compilation) {
    super(Compiled.class.getClassLoader());
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name =
          path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length())
              .replace(".class", "")
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A new instance of the generated registry {@code name}. */
  static FilterRegistry registry(Compilation compilation, String name) {
    try {
      Class<?> type = new Compiled(compilation).loadClass(name);
      return (FilterRegistry) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot load " + name, e);
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }
}
