package dev.a6.processor;

import static dev.a6.processor.RuntimeNames.EXECUTION;
import static dev.a6.processor.RuntimeNames.FETCH_PLAN;
import static dev.a6.processor.RuntimeNames.FILTER_BINDING;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.a6.processor.FilterModel.Param;
import dev.a6.processor.FilterModel.Phase;
import dev.a6.processor.FilterModel.PhaseMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Owner>_Filters}: for each plugin of a class, a binding that prepares its conf
 * and calls its methods directly, with typed arguments; no reflection, no {@code Object[]}.
 */
final class DispatchWriter {
  private static final ClassName STRING = ClassName.get(String.class);
  private static final TypeName STAGE =
      ParameterizedTypeName.get(ClassName.get(CompletionStage.class), ClassName.get(Void.class));

  private final ClassName owner;
  private final List<FilterModel> filters;
  private final boolean isPublic;
  /** Names the generated bindings declare themselves. */
  private static final List<String> BINDING_NAMES =
      List.of("conf", "prepared", "request", "response", "context", "parsed", "state");

  private final String instance;
  private final GeneratedMarks marks;

  private DispatchWriter(
      ClassName owner, List<FilterModel> filters, boolean isPublic, GeneratedMarks marks) {
    this.marks = marks;
    this.owner = owner;
    this.filters = filters;
    this.isPublic = isPublic;
    String simple = owner.simpleName();
    // The owner's instance is a field and a constructor parameter of each binding, beside the
    // parameters the binding's methods declare: keep clear of those and of keywords.
    NameAllocator names = new NameAllocator();
    for (String fixed : BINDING_NAMES) {
      names.newName(fixed, fixed);
    }
    this.instance = names.newName(Character.toLowerCase(simple.charAt(0)) + simple.substring(1));
  }

  /** The class that holds the bindings of {@code owner}'s plugins. */
  static ClassName filtersClass(ClassName owner) {
    return Names.sibling(owner, "Filters");
  }

  /**
   * @param filters the plugins of one class, sorted by name
   * @param isPublic whether the registry is in another package
   */
  static JavaFile write(
      ClassName owner, List<FilterModel> filters, boolean isPublic, GeneratedMarks marks) {
    return new DispatchWriter(owner, filters, isPublic, marks).write();
  }

  private JavaFile write() {
    ClassName name = filtersClass(owner);
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name)
            .addJavadoc("The plugins of {@link $T}, as the runner calls them.\n", owner)
            .addModifiers(Modifier.FINAL);
    if (isPublic) {
      type.addModifiers(Modifier.PUBLIC);
    }
    marks.annotate(type);
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    boolean needsInstance = filters.stream().anyMatch(FilterModel::needsInstance);
    Set<String> taken = new HashSet<>();
    List<CodeBlock> created = new ArrayList<>();
    for (FilterModel filter : filters) {
      String bindingName = unique(Names.camelCase(filter.name()) + "Binding", taken);
      type.addType(binding(filter, bindingName));
      filter.methods().forEach(method -> type.addOriginatingElement(method.element()));
      created.add(
          filter.needsInstance()
              ? CodeBlock.of("new $N($N)", bindingName, instance)
              : CodeBlock.of("new $N()", bindingName));
    }

    MethodSpec.Builder bindings =
        MethodSpec.methodBuilder("bindings")
            .addJavadoc(
                needsInstance
                    ? CodeBlock.of("The bindings, sorted by plugin name, sharing one {@link $T}.\n", owner)
                    : CodeBlock.of("The bindings, sorted by plugin name.\n"))
            .addModifiers(Modifier.STATIC)
            .returns(bindingList());
    if (isPublic) {
      bindings.addModifiers(Modifier.PUBLIC);
    }
    if (needsInstance) {
      bindings.addStatement("$T $N = new $T()", owner, instance, owner);
    }
    bindings.addStatement("return $T.of($L)", List.class, CodeBlock.join(created, ", "));
    type.addMethod(bindings.build());
    return JavaFile.builder(name.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  static TypeName bindingList() {
    return ParameterizedTypeName.get(
        ClassName.get(List.class),
        ParameterizedTypeName.get(FILTER_BINDING, WildcardTypeName.subtypeOf(Object.class)));
  }

  private TypeSpec binding(FilterModel filter, String bindingName) {
    ClassName preparedRecord =
        filter.prepared() == null
            ? null
            : filtersClass(owner).nestedClass(bindingName).nestedClass("Prepared");
    TypeName prepared = preparedType(filter, preparedRecord);
    TypeSpec.Builder type =
        TypeSpec.classBuilder(bindingName)
            .addJavadoc(
                "Plugin {@code $L}: $L.\n",
                filter.name(),
                CodeBlock.join(
                    filter.methods().stream()
                        .map(m -> CodeBlock.of("{@link $T#$L}", owner, m.name()))
                        .toList(),
                    " and "))
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .superclass(ParameterizedTypeName.get(FILTER_BINDING, prepared));

    if (preparedRecord != null) {
      TypeSpec.Builder record =
          TypeSpec.recordBuilder(preparedRecord.simpleName())
              .addJavadoc("The conf of one PrepareConf with the state made for it.\n");
      MethodSpec.Builder components = MethodSpec.constructorBuilder();
      if (filter.conf().type() != null) {
        components.addParameter(filter.conf().type(), "conf");
      }
      components.addParameter(filter.prepared().type(), "state");
      if (filter.prepared().closeable()) {
        // The runtime closes a prepared conf that is AutoCloseable when it drops the conf.
        record
            .addSuperinterface(AutoCloseable.class)
            .addMethod(
                MethodSpec.methodBuilder("close")
                    .addJavadoc("Closes the state when the runner drops this conf.\n")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .addExceptions(filter.prepared().closeThrows())
                    .addStatement("state.close()")
                    .build());
      }
      type.addType(record.recordConstructor(components.build()).build());
    }

    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addStatement(
                "super($S, $T.$L, $T.$L)",
                filter.name(),
                EXECUTION,
                execution(filter.request()),
                EXECUTION,
                execution(filter.response()));
    if (filter.needsInstance()) {
      type.addField(owner, instance, Modifier.PRIVATE, Modifier.FINAL);
      constructor.addParameter(owner, instance).addStatement("this.$N = $N", instance, instance);
    }
    type.addMethod(constructor.build());
    type.addMethod(prepare(filter, prepared, preparedRecord));

    for (PhaseMethod method : filter.methods()) {
      fetchPlan(filter, method, prepared, type);
      type.addMethod(invoke(filter, method, prepared));
    }
    return type.build();
  }

  private static TypeName preparedType(FilterModel filter, ClassName preparedRecord) {
    if (preparedRecord != null) {
      return preparedRecord;
    }
    return filter.conf().type() != null ? filter.conf().type() : ClassName.get(Void.class);
  }

  private static String execution(PhaseMethod method) {
    if (method == null) {
      return "NONE";
    }
    return method.blocking() ? "BLOCKING" : "EVENT_LOOP";
  }

  private static MethodSpec prepare(
      FilterModel filter, TypeName prepared, ClassName preparedRecord) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("prepare")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(prepared)
            .addParameter(STRING, "conf");
    CodeBlock parsed;
    if (filter.conf().record() != null) {
      parsed = CodeBlock.of("$T.parse(conf)", filter.conf().record().parser());
    } else if (filter.conf().raw()) {
      parsed = CodeBlock.of("conf");
    } else {
      parsed = null;
    }
    if (preparedRecord == null) {
      if (parsed == null) {
        method.addComment("The plugin takes no conf.");
        return method.addStatement("return null").build();
      }
      return method.addStatement("return $L", parsed).build();
    }
    List<CodeBlock> arguments = new ArrayList<>();
    CodeBlock state;
    if (parsed != null) {
      method.addStatement("$T parsed = $L", filter.conf().type(), parsed);
      arguments.add(CodeBlock.of("parsed"));
      state =
          filter.prepared().takesConf()
              ? CodeBlock.of("new $T(parsed)", filter.prepared().type())
              : CodeBlock.of("new $T()", filter.prepared().type());
    } else {
      state = CodeBlock.of("new $T()", filter.prepared().type());
    }
    arguments.add(state);
    return method
        .addStatement("return new $T($L)", preparedRecord, CodeBlock.join(arguments, ", "))
        .build();
  }

  /** Declares what the phase needs fetched, when it needs anything. */
  private static void fetchPlan(
      FilterModel filter, PhaseMethod method, TypeName prepared, TypeSpec.Builder type) {
    boolean requestBody = method.takes(Param.Kind.BODY);
    boolean upstreamBody = method.takes(Param.Kind.UPSTREAM_BODY);
    List<String> vars = method.vars();
    boolean declared = requestBody || upstreamBody || !vars.isEmpty();
    boolean confPrefetches = filter.conf().record() != null && filter.conf().record().prefetch();
    boolean statePrefetches = filter.prepared() != null && filter.prepared().prefetch();
    if (!declared && !confPrefetches && !statePrefetches) {
      return;
    }
    String phase = method.phase() == Phase.REQUEST ? "request" : "response";
    String constant = phase.toUpperCase(Locale.ROOT) + "_FETCH";
    CodeBlock plan = CodeBlock.of("$T.NONE", FETCH_PLAN);
    if (declared) {
      List<CodeBlock> arguments = new ArrayList<>();
      arguments.add(CodeBlock.of("$L", requestBody));
      arguments.add(CodeBlock.of("$L", upstreamBody));
      vars.forEach(var -> arguments.add(CodeBlock.of("$S", var)));
      type.addField(
          FieldSpec.builder(FETCH_PLAN, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer("$T.of($L)", FETCH_PLAN, CodeBlock.join(arguments, ", "))
              .build());
      plan = CodeBlock.of("$N", constant);
    }
    boolean wrapped = filter.prepared() != null;
    String parameter = wrapped ? "prepared" : "conf";
    if (confPrefetches) {
      plan = CodeBlock.of("$L.plus($L)", plan, wrapped ? "prepared.conf()" : "conf");
    }
    if (statePrefetches) {
      plan = CodeBlock.of("$L.plus(prepared.state())", plan);
    }
    type.addMethod(
        MethodSpec.methodBuilder(phase + "Fetch")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(FETCH_PLAN)
            .addParameter(prepared, parameter)
            .addStatement("return $L", plan)
            .build());
  }

  private MethodSpec invoke(FilterModel filter, PhaseMethod method, TypeName prepared) {
    boolean wrapped = filter.prepared() != null;
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.phase() == Phase.REQUEST ? "onRequest" : "onResponse")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(STAGE)
            .addParameter(ParameterSpec.builder(prepared, wrapped ? "prepared" : "conf").build());
    if (method.phase() == Phase.REQUEST) {
      spec.addParameter(RuntimeNames.HTTP_REQUEST, "request")
          .addParameter(RuntimeNames.HTTP_RESPONSE, "response");
    } else {
      spec.addParameter(RuntimeNames.UPSTREAM_RESPONSE, "response");
    }
    spec.addParameter(RuntimeNames.FILTER_CONTEXT, "context");

    List<CodeBlock> arguments = new ArrayList<>();
    for (Param param : method.params()) {
      arguments.add(argument(param, method.phase(), wrapped));
    }
    CodeBlock target =
        method.isStatic() ? CodeBlock.of("$T", owner) : CodeBlock.of("$N", instance);
    CodeBlock call =
        CodeBlock.of("$L.$N($L)", target, method.name(), CodeBlock.join(arguments, ", "));
    if (method.throwsChecked()) {
      spec.beginControlFlow("try");
      if (method.returnsStage()) {
        spec.addStatement("return $L", call);
      } else {
        spec.addStatement("$L", call);
      }
      spec.nextControlFlow("catch ($T e)", Exception.class)
          .addComment("Checked exceptions fail the call like any other: as a failed stage.")
          .addStatement("return $T.failedFuture(e)", CompletableFuture.class)
          .endControlFlow();
      if (!method.returnsStage()) {
        spec.addStatement("return DONE");
      }
    } else if (method.returnsStage()) {
      spec.addStatement("return $L", call);
    } else {
      spec.addStatement("$L", call).addStatement("return DONE");
    }
    return spec.build();
  }

  private static CodeBlock argument(Param param, Phase phase, boolean wrapped) {
    String view = phase == Phase.REQUEST ? "request" : "response";
    return switch (param.kind()) {
      case CONF -> CodeBlock.of(wrapped ? "prepared.conf()" : "conf");
      case PREPARED -> CodeBlock.of("prepared.state()");
      case REQUEST -> CodeBlock.of("request");
      case RESPONSE, UPSTREAM -> CodeBlock.of("response");
      case CONTEXT -> CodeBlock.of("context");
      case VAR -> switch (param.form()) {
        case BYTES -> CodeBlock.of("$N.varBytes($S)", view, param.var());
        case OPTIONAL -> CodeBlock.of("$T.ofNullable($N.var($S))", Optional.class, view, param.var());
        default -> CodeBlock.of("$N.var($S)", view, param.var());
      };
      case BODY -> text(
          param,
          phase == Phase.REQUEST ? CodeBlock.of("request.body()") : CodeBlock.of("response.requestBody()"));
      case UPSTREAM_BODY -> text(param, CodeBlock.of("response.body()"));
    };
  }

  private static CodeBlock text(Param param, CodeBlock bytes) {
    return param.form() == Param.Form.STRING
        ? CodeBlock.of("new $T($L, $T.UTF_8)", String.class, bytes, StandardCharsets.class)
        : bytes;
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + i;
    }
    return candidate;
  }
}
