package dev.a6.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;

/**
 * A conf record and how to read it from JSON.
 *
 * @param type the record
 * @param parser the generated parser class
 * @param publicParser whether the parser is public (the record is public)
 * @param ignoreUnknownKeys whether keys without a component are skipped
 * @param prefetch whether the record implements {@code Prefetch}
 * @param components in declaration order, which is the canonical constructor's
 * @param element the record, as the generated parser's originating element
 */
record ConfModel(
    ClassName type,
    ClassName parser,
    boolean publicParser,
    boolean ignoreUnknownKeys,
    boolean prefetch,
    List<Component> components,
    Element element) {

  ConfModel {
    components = List.copyOf(components);
  }

  /**
   * One record component.
   *
   * @param name the component name
   * @param key its JSON key
   * @param type its value type
   * @param required whether a conf without the key is refused
   * @param defaultJson the {@code @Default} JSON, checked, or {@code null}
   * @param defaultValue that JSON parsed (see {@link Json}), or {@code null}
   */
  record Component(
      String name,
      String key,
      ValueType type,
      boolean required,
      String defaultJson,
      Object defaultValue) {}

  /** The JSON shapes a component can take, and the Java type each reads into. */
  sealed interface ValueType {
    TypeName javaType();
  }

  enum Scalar {
    STRING,
    BOOLEAN,
    INT,
    LONG,
    DOUBLE
  }

  /** A string, boolean or number, primitive or boxed. */
  record ScalarType(Scalar scalar, boolean boxed) implements ValueType {
    @Override
    public TypeName javaType() {
      TypeName type =
          switch (scalar) {
            case STRING -> ClassName.get(String.class);
            case BOOLEAN -> TypeName.BOOLEAN;
            case INT -> TypeName.INT;
            case LONG -> TypeName.LONG;
            case DOUBLE -> TypeName.DOUBLE;
          };
      return boxed ? type.box() : type;
    }
  }

  /** An enum, read from its constant's name in any case. */
  record EnumType(ClassName type, List<String> constants) implements ValueType {
    EnumType {
      constants = List.copyOf(constants);
    }

    @Override
    public TypeName javaType() {
      return type;
    }
  }

  /** A nested record, read by its own parser. */
  record RecordType(ClassName type, ClassName parser) implements ValueType {
    @Override
    public TypeName javaType() {
      return type;
    }
  }

  /** Any JSON value kept as text ({@code @RawJson String}). */
  record RawJsonType() implements ValueType {
    @Override
    public TypeName javaType() {
      return ClassName.get(String.class);
    }
  }

  enum Container {
    LIST(List.class),
    SET(Set.class),
    MAP(java.util.Map.class),
    OPTIONAL(Optional.class);

    final Class<?> type;

    Container(Class<?> type) {
      this.type = type;
    }
  }

  /** A List, Set, Map with String keys, or Optional of another value type. */
  record ContainerType(Container container, ValueType element) implements ValueType {
    @Override
    public TypeName javaType() {
      TypeName element = this.element.javaType().box();
      return container == Container.MAP
          ? ParameterizedTypeName.get(
              ClassName.get(java.util.Map.class), ClassName.get(String.class), element)
          : ParameterizedTypeName.get(ClassName.get(container.type), element);
    }
  }
}
