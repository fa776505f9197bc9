package dev.a6.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.TypeSpec;

/**
 * Marks generated types: {@code @Generated} for readers and tools, and {@code @RunnerGenerated},
 * which stays in the class file so that coverage tools leave generated code out.
 */
final class GeneratedMarks {
  private GeneratedMarks() {}

  static void annotate(TypeSpec.Builder type) {
    type.addAnnotation(
        AnnotationSpec.builder(RuntimeNames.GENERATED)
            .addMember("value", "$S", FilterProcessor.class.getCanonicalName())
            .build());
    type.addAnnotation(RuntimeNames.RUNNER_GENERATED);
  }
}
