package dev.a6.processor;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Reads annotations by name, as mirrors: the processor never loads the annotation classes. */
final class Annotations {
  private Annotations() {}

  static Optional<AnnotationMirror> find(Element element, String annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  static boolean has(Element element, String annotation) {
    return find(element, annotation).isPresent();
  }

  /** The value of {@code member}, its default applied. */
  static AnnotationValue value(AnnotationMirror mirror, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(member)) {
        return entry.getValue();
      }
    }
    for (Element enclosed : mirror.getAnnotationType().asElement().getEnclosedElements()) {
      if (enclosed instanceof ExecutableElement method
          && method.getSimpleName().contentEquals(member)
          && method.getDefaultValue() != null) {
        return method.getDefaultValue();
      }
    }
    throw new IllegalArgumentException("no member " + member + " in " + mirror);
  }
}
