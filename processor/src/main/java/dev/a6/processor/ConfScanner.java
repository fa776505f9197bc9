package dev.a6.processor;

import com.palantir.javapoet.ClassName;
import dev.a6.processor.ConfModel.Component;
import dev.a6.processor.ConfModel.Container;
import dev.a6.processor.ConfModel.ContainerType;
import dev.a6.processor.ConfModel.EnumType;
import dev.a6.processor.ConfModel.RawJsonType;
import dev.a6.processor.ConfModel.RecordType;
import dev.a6.processor.ConfModel.Scalar;
import dev.a6.processor.ConfModel.ScalarType;
import dev.a6.processor.ConfModel.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Builds the model of conf records: the JSON key and value type of every component, checked, and
 * the {@code @Default} values, checked against those types. Records used by several filters are
 * scanned once.
 */
final class ConfScanner {
  /** A record whose scan found errors (already reported). */
  private static final Optional<ConfModel> INVALID = Optional.empty();

  private final Types types;
  private final Elements elements;
  private final Reporter reporter;
  private final TypeMirror prefetch;
  /** Scanned records by name; a record being scanned maps to {@code null} (recursion). */
  private final Map<String, Optional<ConfModel>> scanned = new HashMap<>();
  /** Names of records that referred to a type the compiler does not know (yet). */
  private final List<String> unresolved = new ArrayList<>();
  /** The components of those records whose type is unknown, for the final report. */
  private final List<RecordComponentElement> unresolvedComponents = new ArrayList<>();

  ConfScanner(ProcessingEnvironment env, Reporter reporter, TypeMirror prefetch) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
    this.reporter = reporter;
    this.prefetch = prefetch;
  }

  /** Whether {@code type} is a record whose components can be read. */
  static boolean isRecord(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((DeclaredType) type).asElement().getKind() == ElementKind.RECORD;
  }

  /** The model of a record, or empty if it has errors, which are then reported. */
  Optional<ConfModel> scan(TypeElement record) {
    String name = record.getQualifiedName().toString();
    if (scanned.containsKey(name)) {
      Optional<ConfModel> done = scanned.get(name);
      // null: being scanned further up, a recursive record; it is checked there.
      return done == null ? Optional.of(placeholder(record)) : done;
    }
    scanned.put(name, null);
    Optional<ConfModel> model = doScan(record);
    scanned.put(name, model);
    return model;
  }

  /** Every valid record scanned so far. */
  List<ConfModel> models() {
    List<ConfModel> models = new ArrayList<>();
    for (Optional<ConfModel> model : scanned.values()) {
      if (model != null) {
        model.ifPresent(models::add);
      }
    }
    return models;
  }

  /** Whether a record referred to a type that does not exist yet; scanning may succeed later. */
  boolean hasUnresolved() {
    return !unresolved.isEmpty();
  }

  /** Forgets records that referred to unresolved types, so that a later round scans them again. */
  void retryUnresolved() {
    unresolved.forEach(scanned::remove);
    unresolved.clear();
  }

  /**
   * Components whose type is still unknown now: each is looked up again by name in the current
   * round, since the one recorded may be an element of an earlier round whose type arrived since.
   */
  List<RecordComponentElement> unresolvedComponents() {
    List<RecordComponentElement> still = new ArrayList<>();
    for (RecordComponentElement recorded : unresolvedComponents) {
      TypeElement record = elements.getTypeElement(recordName(recorded));
      if (record == null) {
        continue;
      }
      for (RecordComponentElement current : record.getRecordComponents()) {
        if (current.getSimpleName().equals(recorded.getSimpleName())
            && current.asType().getKind() == TypeKind.ERROR
            && !still.contains(current)) {
          still.add(current);
        }
      }
    }
    return still;
  }

  private static String recordName(RecordComponentElement component) {
    return ((TypeElement) component.getEnclosingElement()).getQualifiedName().toString();
  }

  private ConfModel placeholder(TypeElement record) {
    ClassName type = ClassName.get(record);
    return new ConfModel(
        type, Names.sibling(type, "Parser"), false, false, false, List.of(), record);
  }

  private Optional<ConfModel> doScan(TypeElement record) {
    int errorsBefore = reporter.errors();
    if (record.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.error(Diagnostic.PRIVATE_RECORD, record, record.getSimpleName());
    }
    if (!record.getTypeParameters().isEmpty()) {
      reporter.error(Diagnostic.GENERIC_RECORD, record, record.getSimpleName());
    }
    Map<String, Component> byKey = new LinkedHashMap<>();
    List<Component> components = new ArrayList<>();
    boolean resolved = true;
    int unresolvedBefore = unresolved.size();
    for (RecordComponentElement element : record.getRecordComponents()) {
      if (element.asType().getKind() == TypeKind.ERROR) {
        resolved = false;
        unresolvedComponents.add(element);
        continue;
      }
      Component component = component(element);
      if (component == null) {
        continue;
      }
      Component clash = byKey.putIfAbsent(component.key(), component);
      if (clash != null) {
        reporter.error(Diagnostic.DUPLICATE_KEY, element, component.key(), clash.name());
      }
      components.add(component);
    }
    // A nested record that waits for a type waits with its outer record: a parser written now
    // would lack the nested component.
    if (!resolved || unresolved.size() > unresolvedBefore) {
      unresolved.add(record.getQualifiedName().toString());
      return INVALID;
    }
    // By name: each round has elements of its own.
    String name = record.getQualifiedName().toString();
    unresolvedComponents.removeIf(component -> recordName(component).equals(name));
    if (reporter.errors() > errorsBefore) {
      return INVALID;
    }
    ClassName type = ClassName.get(record);
    return Optional.of(
        new ConfModel(
            type,
            Names.sibling(type, "Parser"),
            record.getModifiers().contains(Modifier.PUBLIC),
            Annotations.has(record, RuntimeNames.IGNORE_UNKNOWN_KEYS),
            types.isAssignable(record.asType(), prefetch),
            components,
            record));
  }

  /** The model of one component, or {@code null} after reporting why it has none. */
  private Component component(RecordComponentElement element) {
    String name = element.getSimpleName().toString();
    String key = Names.snakeCase(name);
    Optional<AnnotationMirror> keyAnnotation = Annotations.find(element, RuntimeNames.KEY);
    if (keyAnnotation.isPresent()) {
      var value = Annotations.value(keyAnnotation.get(), "value");
      key = (String) value.getValue();
      if (key.isEmpty()) {
        reporter.error(Diagnostic.EMPTY_KEY, element, keyAnnotation.get(), value);
        return null;
      }
    }
    boolean raw = Annotations.has(element, RuntimeNames.RAW_JSON);
    ValueType type;
    if (raw) {
      if (!isString(element.asType())) {
        reporter.error(Diagnostic.RAW_JSON_TYPE, element);
        return null;
      }
      type = new RawJsonType();
    } else {
      type = valueType(element.asType(), element);
      if (type == null) {
        return null;
      }
    }
    boolean required = Annotations.has(element, RuntimeNames.REQUIRED);
    Optional<AnnotationMirror> defaultAnnotation = Annotations.find(element, RuntimeNames.DEFAULT);
    String defaultJson = null;
    Object defaultValue = null;
    if (defaultAnnotation.isPresent()) {
      var value = Annotations.value(defaultAnnotation.get(), "value");
      if (required) {
        reporter.error(Diagnostic.DEFAULT_REQUIRED, element, defaultAnnotation.get(), value);
        return null;
      }
      String text = (String) value.getValue();
      // A String or an enum constant is written as itself, @Default("/v1"); the JSON form,
      // @Default("\"/v1\""), is read as JSON, as it always was.
      defaultJson = takesPlainText(type) && !isJsonString(text) ? Json.quote(text) : text;
      try {
        defaultValue = Json.parse(defaultJson);
      } catch (Json.SyntaxError e) {
        reporter.error(
            Diagnostic.DEFAULT_SYNTAX,
            element,
            defaultAnnotation.get(),
            value,
            type.javaType(),
            javaLiteral(example(type)),
            e.getMessage());
        return null;
      }
      String mismatch =
          defaultValue == Json.NULL
              ? "null is not a default: leave @Default out to get the absent value"
              : check(type, defaultValue, "");
      if (mismatch != null) {
        reporter.error(
            Diagnostic.DEFAULT_MISMATCH, element, defaultAnnotation.get(), value, mismatch);
        return null;
      }
    }
    return new Component(name, key, type, required, defaultJson, defaultValue);
  }

  /** Whether {@code @Default} is plain text for this type: a String or an enum constant. */
  private static boolean takesPlainText(ValueType type) {
    return type instanceof EnumType
        || type instanceof ScalarType scalar && scalar.scalar() == Scalar.STRING;
  }

  private static boolean isJsonString(String text) {
    if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
      return false;
    }
    try {
      return Json.parse(text) instanceof String;
    } catch (Json.SyntaxError e) {
      return false;
    }
  }

  /** A JSON value of {@code type}, for the messages that show how to write a default. */
  private static String example(ValueType type) {
    if (type instanceof ScalarType scalar) {
      return switch (scalar.scalar()) {
        case STRING -> "\"text\"";
        case BOOLEAN -> "true";
        case INT, LONG -> "1";
        case DOUBLE -> "1.5";
      };
    }
    if (type instanceof EnumType enumType) {
      return Json.quote(enumType.constants().isEmpty() ? "NAME" : enumType.constants().get(0));
    }
    if (type instanceof ContainerType container) {
      String element = example(container.element());
      return switch (container.container()) {
        case LIST, SET -> "[" + element + "]";
        case MAP -> "{\"key\": " + element + "}";
        case OPTIONAL -> element;
      };
    }
    return "{\"key\": 1}";
  }

  /** {@code json} as it is written inside a Java string literal. */
  private static String javaLiteral(String json) {
    return json.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The value type of {@code type}, or {@code null} after reporting why it has none. */
  private ValueType valueType(TypeMirror type, Element where) {
    switch (type.getKind()) {
      case BOOLEAN:
        return new ScalarType(Scalar.BOOLEAN, false);
      case INT:
        return new ScalarType(Scalar.INT, false);
      case LONG:
        return new ScalarType(Scalar.LONG, false);
      case DOUBLE:
        return new ScalarType(Scalar.DOUBLE, false);
      case DECLARED:
        break;
      default:
        reporter.error(Diagnostic.COMPONENT_TYPE, where, type);
        return null;
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    List<? extends TypeMirror> arguments = declared.getTypeArguments();
    switch (name) {
      case "java.lang.String":
        return new ScalarType(Scalar.STRING, false);
      case "java.lang.Boolean":
        return new ScalarType(Scalar.BOOLEAN, true);
      case "java.lang.Integer":
        return new ScalarType(Scalar.INT, true);
      case "java.lang.Long":
        return new ScalarType(Scalar.LONG, true);
      case "java.lang.Double":
        return new ScalarType(Scalar.DOUBLE, true);
      case "java.util.List":
        return container(Container.LIST, arguments, where, type);
      case "java.util.Set":
        return container(Container.SET, arguments, where, type);
      case "java.util.Optional":
        return container(Container.OPTIONAL, arguments, where, type);
      case "java.util.Map":
        if (arguments.size() != 2 || !isString(arguments.get(0))) {
          reporter.error(Diagnostic.MAP_KEY, where, type);
          return null;
        }
        return container(Container.MAP, arguments.subList(1, 2), where, type);
      default:
        break;
    }
    if (element.getKind() == ElementKind.ENUM) {
      List<String> constants = new ArrayList<>();
      for (Element enclosed : element.getEnclosedElements()) {
        if (enclosed.getKind() == ElementKind.ENUM_CONSTANT) {
          constants.add(enclosed.getSimpleName().toString());
        }
      }
      return new EnumType(ClassName.get(element), constants);
    }
    if (element.getKind() == ElementKind.RECORD) {
      Optional<ConfModel> nested = scan(element);
      if (nested.isEmpty()) {
        return null;
      }
      return new RecordType(nested.get().type(), nested.get().parser());
    }
    reporter.error(Diagnostic.COMPONENT_TYPE, where, type);
    return null;
  }

  private ValueType container(
      Container container, List<? extends TypeMirror> arguments, Element where, TypeMirror type) {
    if (arguments.size() != 1) {
      reporter.error(Diagnostic.COMPONENT_TYPE, where, type);
      return null;
    }
    TypeMirror argument = arguments.get(0);
    if (argument.getKind() == TypeKind.WILDCARD) {
      reporter.error(Diagnostic.COMPONENT_TYPE, where, type);
      return null;
    }
    ValueType element = valueType(argument, where);
    return element == null ? null : new ContainerType(container, element);
  }

  private boolean isString(TypeMirror type) {
    return types.isSameType(type, elements.getTypeElement("java.lang.String").asType());
  }

  /**
   * Checks a parsed default against a value type, as the generated parser would read it.
   *
   * @return what does not fit, or {@code null}
   */
  private String check(ValueType type, Object value, String path) {
    String at = path.isEmpty() ? "" : " at " + path;
    if (type instanceof RawJsonType) {
      return null;
    }
    if (value == Json.NULL) {
      boolean nullable =
          type instanceof ContainerType container && container.container() == Container.OPTIONAL
              || type instanceof ScalarType scalar && scalar.boxed();
      return nullable ? null : "null cannot be " + type.javaType() + at;
    }
    if (type instanceof ScalarType scalar) {
      return checkScalar(scalar.scalar(), value, at);
    }
    if (type instanceof EnumType enumType) {
      if (value instanceof String text) {
        for (String constant : enumType.constants()) {
          if (constant.equalsIgnoreCase(text)) {
            return null;
          }
        }
        return "\"" + text + "\" is none of " + String.join(", ", enumType.constants()) + at;
      }
      return "expected a string naming a constant of " + enumType.type().simpleName() + ", got "
          + Json.describe(value) + at;
    }
    if (type instanceof ContainerType container) {
      return checkContainer(container, value, path);
    }
    if (type instanceof RecordType recordType) {
      return checkRecord(recordType, value, path);
    }
    throw new AssertionError(type);
  }

  private static String checkScalar(Scalar scalar, Object value, String at) {
    switch (scalar) {
      case STRING:
        return value instanceof String ? null : "expected a string, got " + Json.describe(value) + at;
      case BOOLEAN:
        return value instanceof Boolean ? null : "expected true or false, got " + Json.describe(value) + at;
      case DOUBLE:
        if (value instanceof BigDecimal number && Double.isFinite(number.doubleValue())) {
          return null;
        }
        return "expected a number, got " + Json.describe(value) + at;
      default:
        if (!(value instanceof BigDecimal number)) {
          return "expected an integer, got " + Json.describe(value) + at;
        }
        try {
          long integer = number.longValueExact();
          if (scalar == Scalar.INT && (integer < Integer.MIN_VALUE || integer > Integer.MAX_VALUE)) {
            return number + " does not fit an int" + at;
          }
          return null;
        } catch (ArithmeticException e) {
          return number + " is not " + (scalar == Scalar.INT ? "an int" : "a long") + at;
        }
    }
  }

  private String checkContainer(ContainerType type, Object value, String path) {
    switch (type.container()) {
      case OPTIONAL:
        return check(type.element(), value, path);
      case MAP:
        if (!(value instanceof Map<?, ?> map)) {
          return "expected an object, got " + Json.describe(value) + at(path);
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String problem = check(type.element(), entry.getValue(), path + "." + entry.getKey());
          if (problem != null) {
            return problem;
          }
        }
        return null;
      default:
        if (!(value instanceof List<?> list)) {
          return "expected an array, got " + Json.describe(value) + at(path);
        }
        for (int i = 0; i < list.size(); i++) {
          String problem = check(type.element(), list.get(i), path + "[" + i + "]");
          if (problem != null) {
            return problem;
          }
        }
        return null;
    }
  }

  private String checkRecord(RecordType type, Object value, String path) {
    if (!(value instanceof Map<?, ?> map)) {
      return "expected an object, got " + Json.describe(value) + at(path);
    }
    Optional<ConfModel> model = scanned.getOrDefault(type.type().canonicalName(), INVALID);
    if (model == null || model.isEmpty() || model.get().components().isEmpty()) {
      return null; // being scanned (recursive) or invalid: reported on the record itself
    }
    Map<String, Component> byKey = new HashMap<>();
    for (Component component : model.get().components()) {
      byKey.put(component.key(), component);
      if (component.required() && !map.containsKey(component.key())) {
        return "the required key \"" + component.key() + "\" is missing" + at(path);
      }
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Component component = byKey.get((String) entry.getKey());
      if (component == null) {
        if (!model.get().ignoreUnknownKeys()) {
          return "unknown key \"" + entry.getKey() + "\"" + at(path);
        }
        continue;
      }
      String problem = check(component.type(), entry.getValue(), path + "." + entry.getKey());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : " at " + path;
  }
}
