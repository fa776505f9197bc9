package dev.a6.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic.Kind;

/** Reports errors on the most precise element, and counts them. */
final class Reporter {
  private final Messager messager;
  private int errors;

  Reporter(Messager messager) {
    this.messager = messager;
  }

  void error(Diagnostic diagnostic, Element element, Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, diagnostic.format(args), located(element));
  }

  /** An error on one value of an annotation, such as the name in {@code @Filter("")}. */
  void error(
      Diagnostic diagnostic,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    errors++;
    messager.printMessage(
        Kind.ERROR, diagnostic.format(args), located(element), annotation, value);
  }

  /**
   * An element javac can place in the source. javac 17 has no position for a record component
   * itself, but the private field it declares for it sits on the same line.
   */
  private static Element located(Element element) {
    if (element instanceof RecordComponentElement component) {
      for (VariableElement field : ElementFilter.fieldsIn(component.getEnclosingElement().getEnclosedElements())) {
        if (field.getSimpleName().equals(component.getSimpleName())) {
          return field;
        }
      }
    }
    return element;
  }

  int errors() {
    return errors;
  }
}
