package dev.a6.processor;

import static dev.a6.processor.RuntimeNames.CONF_READER;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.a6.processor.ConfModel.Component;
import dev.a6.processor.ConfModel.ContainerType;
import dev.a6.processor.ConfModel.EnumType;
import dev.a6.processor.ConfModel.RawJsonType;
import dev.a6.processor.ConfModel.RecordType;
import dev.a6.processor.ConfModel.Scalar;
import dev.a6.processor.ConfModel.ScalarType;
import dev.a6.processor.ConfModel.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the parser of one conf record: a pull loop over jackson-core's tokens with a {@code
 * switch} on the keys, then the record's constructor. Strict by default: unknown keys, missing
 * required keys and wrong types are conf errors with a JSON path.
 */
final class ConfParserWriter {
  private static final ClassName LIST = ClassName.get(List.class);
  private static final ClassName STRING = ClassName.get(String.class);
  /** Names the generated {@code read} method uses itself. */
  private static final Set<String> RESERVED = Set.of("in", "key", "e", "KEYS");

  private ConfParserWriter() {}

  static JavaFile write(ConfModel conf, GeneratedMarks marks) {
    Modifier[] access =
        conf.publicParser() ? new Modifier[] {Modifier.PUBLIC} : new Modifier[] {};
    List<String> keys = conf.components().stream().map(Component::key).toList();
    TypeSpec.Builder type =
        TypeSpec.classBuilder(conf.parser())
            .addJavadoc("Reads {@link $T} from the JSON conf of a plugin.\n", conf.type())
            .addModifiers(access)
            .addModifiers(Modifier.FINAL)
            .addOriginatingElement(conf.element());
    marks.annotate(type);
    type.addField(
        FieldSpec.builder(
                ParameterizedTypeName.get(LIST, STRING),
                "KEYS",
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .initializer(
                "$T.of($L)",
                LIST,
                CodeBlock.join(keys.stream().map(k -> CodeBlock.of("$S", k)).toList(), ", "))
            .build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    type.addMethod(
        MethodSpec.methodBuilder("parse")
            .addJavadoc("Parses a whole conf value.\n")
            .addModifiers(access)
            .addModifiers(Modifier.STATIC)
            .returns(conf.type())
            .addParameter(STRING, "json")
            .beginControlFlow("try ($T in = $T.of(json))", CONF_READER, CONF_READER)
            .addStatement("$T conf = read(in)", conf.type())
            .addStatement("in.end()")
            .addStatement("return conf")
            .endControlFlow()
            .build());
    type.addMethod(readMethod(conf, access));
    return JavaFile.builder(conf.parser().packageName(), type.build())
        .skipJavaLangImports(true)
        .build();
  }

  private static MethodSpec readMethod(ConfModel conf, Modifier[] access) {
    Map<Component, String> locals = new LinkedHashMap<>();
    Map<Component, String> seen = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>(RESERVED);
    for (Component component : conf.components()) {
      locals.put(component, unique(component.name(), taken));
    }
    for (Component component : conf.components()) {
      if (component.required() || complexDefault(component)) {
        seen.put(component, unique("seen" + capitalize(component.name()), taken));
      }
    }
    LambdaNames lambdas = new LambdaNames(taken);

    CodeBlock.Builder body = CodeBlock.builder();
    for (Component component : conf.components()) {
      body.addStatement(
          "$T $N = $L", component.type().javaType(), locals.get(component), initial(component));
      if (seen.containsKey(component)) {
        body.addStatement("boolean $N = false", seen.get(component));
      }
    }
    body.addStatement("in.beginObject()");
    body.beginControlFlow("for (String key; (key = in.nextKey()) != null; )");
    body.beginControlFlow("switch (key)");
    for (Component component : conf.components()) {
      body.add("case $S -> {\n", component.key()).indent();
      String local = locals.get(component);
      String flag = seen.get(component);
      CodeBlock read = read(component.type(), "in", 1, lambdas);
      if (component.required()) {
        body.addStatement("$N = $L", local, read);
        body.addStatement("$N = true", flag);
      } else {
        // JSON null reads as an absent key: the default applies.
        body.beginControlFlow("if (!in.isNull())");
        body.addStatement("$N = $L", local, read);
        if (flag != null) {
          body.addStatement("$N = true", flag);
        }
        body.endControlFlow();
      }
      body.unindent().add("}\n");
    }
    body.addStatement(
        conf.ignoreUnknownKeys() ? "default -> in.skipValue()" : "default -> in.unknownKey(KEYS)");
    body.endControlFlow();
    body.endControlFlow();
    for (Component component : conf.components()) {
      String flag = seen.get(component);
      if (component.required()) {
        body.beginControlFlow("if (!$N)", flag)
            .addStatement("throw in.missing($S)", component.key())
            .endControlFlow();
      } else if (flag != null) {
        body.beginControlFlow("if (!$N)", flag)
            .addStatement(
                "$N = $T.parseDefault($S, $L)",
                locals.get(component),
                CONF_READER,
                component.defaultJson(),
                reader(component.type(), 1, lambdas))
            .endControlFlow();
      }
    }
    body.beginControlFlow("try")
        .addStatement(
            "return new $T($L)",
            conf.type(),
            CodeBlock.join(
                conf.components().stream().map(c -> CodeBlock.of("$N", locals.get(c))).toList(),
                ", "))
        .nextControlFlow("catch ($T e)", RuntimeException.class)
        .add("// The record refused the values; its message says why.\n")
        .addStatement("throw in.invalid(e)")
        .endControlFlow();

    return MethodSpec.methodBuilder("read")
        .addJavadoc("Reads the object at the reader's current token.\n")
        .addModifiers(access)
        .addModifiers(Modifier.STATIC)
        .returns(conf.type())
        .addParameter(CONF_READER, "in")
        .addCode(body.build())
        .build();
  }

  /** The value a component has before its key is read: its default, or its absent value. */
  private static CodeBlock initial(Component component) {
    if (component.defaultValue() != null && !complexDefault(component)) {
      return literal(component.type(), component.defaultValue());
    }
    ValueType type = component.type();
    if (type instanceof ScalarType scalar && !scalar.boxed() && scalar.scalar() != Scalar.STRING) {
      return switch (scalar.scalar()) {
        case BOOLEAN -> CodeBlock.of("false");
        case LONG -> CodeBlock.of("0L");
        case DOUBLE -> CodeBlock.of("0.0");
        default -> CodeBlock.of("0");
      };
    }
    if (type instanceof ContainerType container) {
      return switch (container.container()) {
        case LIST -> CodeBlock.of("$T.of()", List.class);
        case SET -> CodeBlock.of("$T.of()", Set.class);
        case MAP -> CodeBlock.of("$T.of()", Map.class);
        case OPTIONAL -> CodeBlock.of("$T.empty()", Optional.class);
      };
    }
    return CodeBlock.of("null");
  }

  /** Whether a default must be parsed at run time rather than written as a literal. */
  private static boolean complexDefault(Component component) {
    return component.defaultValue() != null
        && !(component.type() instanceof ScalarType)
        && !(component.type() instanceof EnumType);
  }

  private static CodeBlock literal(ValueType type, Object value) {
    if (type instanceof EnumType enumType) {
      String text = (String) value;
      String constant =
          enumType.constants().stream().filter(c -> c.equalsIgnoreCase(text)).findFirst().orElseThrow();
      return CodeBlock.of("$T.$N", enumType.type(), constant);
    }
    ScalarType scalar = (ScalarType) type;
    return switch (scalar.scalar()) {
      case STRING -> CodeBlock.of("$S", value);
      case BOOLEAN -> CodeBlock.of("$L", value);
      case INT -> CodeBlock.of("$L", ((BigDecimal) value).intValueExact());
      case LONG -> CodeBlock.of("$LL", ((BigDecimal) value).longValueExact());
      case DOUBLE -> CodeBlock.of("$L", ((BigDecimal) value).doubleValue());
    };
  }

  /**
   * Names of the lambda parameters that read nested values, one per depth ({@code element},
   * {@code element2}, ...), clear of the method's locals: a component may be named {@code
   * element}.
   */
  private static final class LambdaNames {
    private final Set<String> taken;
    private final List<String> byDepth = new ArrayList<>();

    LambdaNames(Set<String> taken) {
      this.taken = taken;
    }

    String at(int depth) {
      while (byDepth.size() < depth) {
        int next = byDepth.size() + 1;
        byDepth.add(unique(next == 1 ? "element" : "element" + next, taken));
      }
      return byDepth.get(depth - 1);
    }
  }

  /** Reads the value at the current token of the reader named {@code in}. */
  private static CodeBlock read(ValueType type, String in, int depth, LambdaNames lambdas) {
    if (type instanceof ScalarType scalar) {
      return CodeBlock.of("$N.read$L()", in, scalarMethod(scalar));
    }
    if (type instanceof EnumType enumType) {
      return CodeBlock.of("$N.readEnum($T.values())", in, enumType.type());
    }
    if (type instanceof RecordType record) {
      return CodeBlock.of("$T.read($N)", record.parser(), in);
    }
    if (type instanceof RawJsonType) {
      return CodeBlock.of("$N.readRawJson()", in);
    }
    ContainerType container = (ContainerType) type;
    String method =
        switch (container.container()) {
          case LIST -> "readList";
          case SET -> "readSet";
          case MAP -> "readMap";
          case OPTIONAL -> "readOptional";
        };
    return CodeBlock.of(
        "$N.$N($L)", in, method, reader(container.element(), depth, lambdas));
  }

  /** A {@code ConfReader.ValueReader} for a value type: a method reference where one exists. */
  private static CodeBlock reader(ValueType type, int depth, LambdaNames lambdas) {
    if (type instanceof ScalarType scalar) {
      return CodeBlock.of("$T::read$L", CONF_READER, scalarMethod(scalar));
    }
    if (type instanceof RecordType record) {
      return CodeBlock.of("$T::read", record.parser());
    }
    if (type instanceof RawJsonType) {
      return CodeBlock.of("$T::readRawJson", CONF_READER);
    }
    String parameter = lambdas.at(depth);
    return CodeBlock.of("$N -> $L", parameter, read(type, parameter, depth + 1, lambdas));
  }

  private static String scalarMethod(ScalarType scalar) {
    return switch (scalar.scalar()) {
      case STRING -> "String";
      case BOOLEAN -> "Boolean";
      case INT -> "Int";
      case LONG -> "Long";
      case DOUBLE -> "Double";
    };
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + i;
    }
    return candidate;
  }

  private static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
