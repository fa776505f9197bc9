package dev.a6.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.TypeSpec;

/**
 * Marks generated types: {@code @Generated} for readers and tools, and {@code @RunnerGenerated},
 * which stays in the class file so that coverage tools leave generated code out.
 */
final class GeneratedMarks {
  private final boolean generatedVisible;

  /**
   * @param generatedVisible whether the compiled code sees {@code
   *     javax.annotation.processing.Generated}: not in a named module that does not read {@code
   *     java.compiler}, whose build would fail on it
   */
  GeneratedMarks(boolean generatedVisible) {
    this.generatedVisible = generatedVisible;
  }

  void annotate(TypeSpec.Builder type) {
    if (generatedVisible) {
      type.addAnnotation(
          AnnotationSpec.builder(RuntimeNames.GENERATED)
              .addMember("value", "$S", FilterProcessor.class.getCanonicalName())
              .build());
    }
    type.addAnnotation(RuntimeNames.RUNNER_GENERATED);
  }
}
