package dev.a6.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.a6.processor.FilterModel.ConfUse;
import dev.a6.processor.FilterModel.Param;
import dev.a6.processor.FilterModel.Param.Form;
import dev.a6.processor.FilterModel.Param.Kind;
import dev.a6.processor.FilterModel.Phase;
import dev.a6.processor.FilterModel.PhaseMethod;
import dev.a6.processor.FilterModel.PreparedUse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads one {@code @Filter} method into a {@link Scanned} model, reporting every rule it breaks on
 * the most precise element: the annotation value, the parameter, the method or its class.
 */
final class FilterScanner {

  /**
   * A method as scanned, before the validator pairs it with the other phase of its plugin.
   *
   * @param name the plugin name
   * @param owner the class holding the method
   * @param method the method's model
   * @param conf the conf it takes
   * @param prepared its {@code @Prepared} state, or {@code null}
   * @param annotation the {@code @Filter} annotation, for messages
   * @param nameValue the name in it, for messages
   */
  record Scanned(
      String name,
      ClassName owner,
      PhaseMethod method,
      ConfUse conf,
      PreparedUse prepared,
      AnnotationMirror annotation,
      AnnotationValue nameValue) {}

  /** What became of a method. */
  enum Outcome {
    SCANNED,
    INVALID,
    /** It refers to a type that does not exist yet; another processor may generate it. */
    DEFERRED
  }

  /** The outcome of scanning a method, with its model when {@link Outcome#SCANNED}. */
  record Result(Outcome outcome, Scanned scanned) {
    static final Result INVALID = new Result(Outcome.INVALID, null);
    static final Result DEFERRED = new Result(Outcome.DEFERRED, null);
  }

  private final Types types;
  private final Elements elements;
  private final Reporter reporter;
  private final ConfScanner confs;
  private final TypeMirror httpRequest;
  private final TypeMirror httpResponse;
  private final TypeMirror upstreamResponse;
  private final TypeMirror filterContext;
  private final TypeMirror prefetch;
  private final TypeMirror autoCloseable;
  private final TypeMirror string;
  private final TypeMirror completionStageOfVoid;
  private final TypeMirror runtimeException;
  private final TypeMirror error;

  FilterScanner(ProcessingEnvironment env, Reporter reporter, ConfScanner confs) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
    this.reporter = reporter;
    this.confs = confs;
    this.httpRequest = type(RuntimeNames.HTTP_REQUEST);
    this.httpResponse = type(RuntimeNames.HTTP_RESPONSE);
    this.upstreamResponse = type(RuntimeNames.UPSTREAM_RESPONSE);
    this.filterContext = type(RuntimeNames.FILTER_CONTEXT);
    this.prefetch = type(RuntimeNames.PREFETCH);
    this.autoCloseable = type(ClassName.get(AutoCloseable.class));
    this.string = elements.getTypeElement("java.lang.String").asType();
    this.completionStageOfVoid =
        types.getDeclaredType(
            elements.getTypeElement("java.util.concurrent.CompletionStage"),
            elements.getTypeElement("java.lang.Void").asType());
    this.runtimeException = elements.getTypeElement("java.lang.RuntimeException").asType();
    this.error = elements.getTypeElement("java.lang.Error").asType();
  }

  /** The runtime type missing from the class path, if any. */
  static Optional<String> missingRuntimeType(Elements elements) {
    for (ClassName name :
        List.of(
            RuntimeNames.HTTP_REQUEST,
            RuntimeNames.HTTP_RESPONSE,
            RuntimeNames.UPSTREAM_RESPONSE,
            RuntimeNames.FILTER_CONTEXT,
            RuntimeNames.PREFETCH,
            RuntimeNames.FILTER_BINDING)) {
      if (elements.getTypeElement(name.canonicalName()) == null) {
        return Optional.of(name.canonicalName());
      }
    }
    return Optional.empty();
  }

  private TypeMirror type(ClassName name) {
    return elements.getTypeElement(name.canonicalName()).asType();
  }

  Result scan(ExecutableElement method) {
    int errorsBefore = reporter.errors();
    AnnotationMirror annotation = Annotations.find(method, RuntimeNames.FILTER).orElseThrow();
    AnnotationValue nameValue = Annotations.value(annotation, "value");
    String name = (String) nameValue.getValue();
    boolean blocking = (Boolean) Annotations.value(annotation, "blocking").getValue();
    if (name.isEmpty() || name.length() > 128) {
      reporter.error(Diagnostic.NAME_LENGTH, method, annotation, nameValue, name.length());
    }
    if (unresolved(method)) {
      return Result.DEFERRED;
    }

    TypeElement owner = (TypeElement) method.getEnclosingElement();
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    checkMethod(method);
    checkOwner(owner, method, isStatic);
    boolean returnsStage = checkReturn(method);
    boolean throwsChecked = false;
    for (TypeMirror thrown : method.getThrownTypes()) {
      throwsChecked |=
          !types.isSubtype(thrown, runtimeException) && !types.isSubtype(thrown, error);
    }

    List<Param> params = new ArrayList<>();
    VariableElement confParameter = null;
    VariableElement preparedParameter = null;
    VariableElement requestSide = null;
    VariableElement responseSide = null;
    Set<Kind> seen = EnumSet.noneOf(Kind.class);
    for (VariableElement parameter : method.getParameters()) {
      Param param = param(parameter);
      if (param == null) {
        continue;
      }
      Kind kind = param.kind();
      if (kind == Kind.CONF && confParameter != null) {
        reporter.error(Diagnostic.TWO_CONFS, parameter, confParameter.getSimpleName());
        continue;
      }
      boolean single =
          EnumSet.of(Kind.REQUEST, Kind.RESPONSE, Kind.UPSTREAM, Kind.CONTEXT, Kind.BODY,
                  Kind.UPSTREAM_BODY, Kind.PREPARED)
              .contains(kind);
      if (single && !seen.add(kind)) {
        reporter.error(Diagnostic.REPEATED_PARAMETER, parameter, describe(kind));
        continue;
      }
      if (kind == Kind.CONF) {
        confParameter = parameter;
      } else if (kind == Kind.PREPARED) {
        preparedParameter = parameter;
      }
      if (kind == Kind.UPSTREAM || kind == Kind.UPSTREAM_BODY) {
        responseSide = responseSide == null ? parameter : responseSide;
      } else if (kind == Kind.REQUEST || kind == Kind.RESPONSE) {
        requestSide = requestSide == null ? parameter : requestSide;
      }
      params.add(param);
    }
    if (requestSide != null && responseSide != null) {
      VariableElement later =
          method.getParameters().indexOf(requestSide) > method.getParameters().indexOf(responseSide)
              ? requestSide
              : responseSide;
      reporter.error(
          Diagnostic.MIXED_PHASES,
          later,
          describeParameter(responseSide),
          describeParameter(requestSide));
    }

    ConfUse conf = ConfUse.NONE;
    if (confParameter != null) {
      conf = confUse(confParameter.asType());
    }
    PreparedUse prepared = null;
    if (preparedParameter != null) {
      PreparedLookup lookup = prepared(preparedParameter, conf);
      if (lookup != null) {
        prepared = lookup.prepared();
        conf = lookup.conf();
      }
    }
    if (confs.hasUnresolved()) {
      confs.retryUnresolved();
      return Result.DEFERRED;
    }
    if (reporter.errors() > errorsBefore) {
      return Result.INVALID;
    }
    Phase phase = responseSide != null ? Phase.RESPONSE : Phase.REQUEST;
    PhaseMethod model =
        new PhaseMethod(
            method.getSimpleName().toString(),
            isStatic,
            blocking,
            returnsStage,
            throwsChecked,
            phase,
            params,
            method);
    return new Result(
        Outcome.SCANNED,
        new Scanned(name, ClassName.get(owner), model, conf, prepared, annotation, nameValue));
  }

  private boolean unresolved(ExecutableElement method) {
    if (method.getReturnType().getKind() == TypeKind.ERROR) {
      return true;
    }
    for (VariableElement parameter : method.getParameters()) {
      if (parameter.asType().getKind() == TypeKind.ERROR) {
        return true;
      }
    }
    return false;
  }

  private void checkMethod(ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.error(Diagnostic.PRIVATE_METHOD, method);
    }
    if (!method.getTypeParameters().isEmpty()) {
      reporter.error(Diagnostic.GENERIC_METHOD, method);
    }
  }

  private void checkOwner(TypeElement owner, ExecutableElement method, boolean isStatic) {
    for (Element type = owner;
        type instanceof TypeElement;
        type = type.getEnclosingElement()) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        reporter.error(Diagnostic.UNREACHABLE_CLASS, method, ((TypeElement) type).getQualifiedName());
        return;
      }
    }
    if (isStatic) {
      return;
    }
    if (owner.getNestingKind() == NestingKind.MEMBER
        && owner.getKind() == ElementKind.CLASS
        && !owner.getModifiers().contains(Modifier.STATIC)) {
      reporter.error(Diagnostic.INNER_CLASS, method, owner.getQualifiedName());
      return;
    }
    if (owner.getKind() != ElementKind.CLASS || owner.getModifiers().contains(Modifier.ABSTRACT)) {
      reporter.error(Diagnostic.ABSTRACT_OWNER, method, owner.getQualifiedName());
      return;
    }
    boolean constructor = false;
    for (ExecutableElement candidate :
        ElementFilter.constructorsIn(owner.getEnclosedElements())) {
      constructor |=
          candidate.getParameters().isEmpty()
              && !candidate.getModifiers().contains(Modifier.PRIVATE);
    }
    if (!constructor) {
      reporter.error(Diagnostic.NO_CONSTRUCTOR, method, owner.getQualifiedName());
    }
  }

  private boolean checkReturn(ExecutableElement method) {
    TypeMirror returned = method.getReturnType();
    if (returned.getKind() == TypeKind.VOID) {
      return false;
    }
    if (types.isAssignable(returned, completionStageOfVoid)) {
      return true;
    }
    reporter.error(Diagnostic.BAD_RETURN, method, returned);
    return false;
  }

  /** The model of one parameter, or {@code null} after reporting why it has none. */
  private Param param(VariableElement parameter) {
    TypeMirror type = parameter.asType();
    Optional<AnnotationMirror> var = Annotations.find(parameter, RuntimeNames.VAR);
    boolean body = Annotations.has(parameter, RuntimeNames.BODY);
    boolean upstreamBody = Annotations.has(parameter, RuntimeNames.UPSTREAM_BODY);
    boolean prepared = Annotations.has(parameter, RuntimeNames.PREPARED);
    int marks = (var.isPresent() ? 1 : 0) + (body ? 1 : 0) + (upstreamBody ? 1 : 0) + (prepared ? 1 : 0);
    if (marks > 1) {
      reporter.error(Diagnostic.TWO_ANNOTATIONS, parameter);
      return null;
    }
    if (var.isPresent()) {
      AnnotationValue value = Annotations.value(var.get(), "value");
      String name = (String) value.getValue();
      if (name.isEmpty()) {
        reporter.error(Diagnostic.VAR_NAME, parameter, var.get(), value);
        return null;
      }
      Form form = isString(type) ? Form.STRING : isBytes(type) ? Form.BYTES : isOptionalString(type) ? Form.OPTIONAL : null;
      if (form == null) {
        reporter.error(Diagnostic.VAR_TYPE, parameter, type);
        return null;
      }
      return new Param(Kind.VAR, name, form);
    }
    if (body || upstreamBody) {
      Form form = isString(type) ? Form.STRING : isBytes(type) ? Form.BYTES : null;
      if (form == null) {
        reporter.error(Diagnostic.BODY_TYPE, parameter, body ? "Body" : "UpstreamBody", type);
        return null;
      }
      return new Param(body ? Kind.BODY : Kind.UPSTREAM_BODY, "", form);
    }
    if (prepared) {
      return Param.of(Kind.PREPARED);
    }
    if (types.isSameType(type, httpRequest)) {
      return Param.of(Kind.REQUEST);
    }
    if (types.isSameType(type, httpResponse)) {
      return Param.of(Kind.RESPONSE);
    }
    if (types.isSameType(type, upstreamResponse)) {
      return Param.of(Kind.UPSTREAM);
    }
    if (types.isSameType(type, filterContext)) {
      return Param.of(Kind.CONTEXT);
    }
    if (isString(type) || ConfScanner.isRecord(type)) {
      return Param.of(Kind.CONF);
    }
    reporter.error(Diagnostic.UNSUPPORTED_PARAMETER, parameter, type);
    return null;
  }

  private ConfUse confUse(TypeMirror type) {
    if (isString(type)) {
      return new ConfUse(TypeName.get(type), null);
    }
    TypeElement record = (TypeElement) ((DeclaredType) type).asElement();
    Optional<ConfModel> model = confs.scan(record);
    return model.map(m -> new ConfUse(m.type(), m)).orElse(ConfUse.NONE);
  }

  private record PreparedLookup(PreparedUse prepared, ConfUse conf) {}

  /** The exceptions the {@code close()} of a closeable type declares. */
  private List<TypeName> closeThrows(TypeElement type) {
    for (ExecutableElement method :
        ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (method.getSimpleName().contentEquals("close") && method.getParameters().isEmpty()) {
        return method.getThrownTypes().stream().map(TypeName::get).toList();
      }
    }
    return List.of();
  }

  /** Finds the constructor of a {@code @Prepared} type; {@code null} after reporting. */
  private PreparedLookup prepared(VariableElement parameter, ConfUse conf) {
    TypeMirror type = parameter.asType();
    if (type.getKind() != TypeKind.DECLARED) {
      reporter.error(Diagnostic.PREPARED_TYPE, parameter, type);
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if ((element.getKind() != ElementKind.CLASS && element.getKind() != ElementKind.RECORD)
        || element.getModifiers().contains(Modifier.ABSTRACT)
        || !element.getTypeParameters().isEmpty()) {
      reporter.error(Diagnostic.PREPARED_TYPE, parameter, type);
      return null;
    }
    boolean prefetching = types.isAssignable(type, prefetch);
    boolean closeable = types.isAssignable(type, autoCloseable);
    List<TypeName> closeThrows = closeable ? closeThrows(element) : List.of();
    ExecutableElement noArguments = null;
    ExecutableElement oneArgument = null;
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (constructor.getModifiers().contains(Modifier.PRIVATE)) {
        continue;
      }
      if (constructor.getParameters().isEmpty()) {
        noArguments = constructor;
      } else if (constructor.getParameters().size() == 1) {
        TypeMirror argument = constructor.getParameters().get(0).asType();
        boolean fits =
            conf.type() == null
                ? ConfScanner.isRecord(argument) || isString(argument)
                : TypeName.get(argument).equals(conf.type());
        if (fits) {
          oneArgument = constructor;
        } else if (conf.type() != null) {
          reporter.error(
              Diagnostic.PREPARED_CONF_MISMATCH, parameter, type, argument, conf.type());
          return null;
        }
      }
    }
    if (oneArgument != null) {
      TypeMirror argument = oneArgument.getParameters().get(0).asType();
      ConfUse inferred = conf.type() != null ? conf : confUse(argument);
      return new PreparedLookup(new PreparedUse(TypeName.get(type), true, prefetching, closeable, closeThrows), inferred);
    }
    if (noArguments != null) {
      return new PreparedLookup(new PreparedUse(TypeName.get(type), false, prefetching, closeable, closeThrows), conf);
    }
    reporter.error(
        Diagnostic.PREPARED_CONSTRUCTOR,
        parameter,
        type,
        conf.type() == null ? "a conf record" : conf.type());
    return null;
  }

  private boolean isString(TypeMirror type) {
    return types.isSameType(type, string);
  }

  private static boolean isBytes(TypeMirror type) {
    return type.getKind() == TypeKind.ARRAY
        && ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE;
  }

  private boolean isOptionalString(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    DeclaredType declared = (DeclaredType) type;
    return ((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.util.Optional")
        && declared.getTypeArguments().size() == 1
        && isString(declared.getTypeArguments().get(0));
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case REQUEST -> "HttpRequest";
      case RESPONSE -> "HttpResponse";
      case UPSTREAM -> "UpstreamResponse";
      case CONTEXT -> "FilterContext";
      case BODY -> "@Body";
      case UPSTREAM_BODY -> "@UpstreamBody";
      case PREPARED -> "@Prepared";
      default -> kind.name();
    };
  }

  private static String describeParameter(VariableElement parameter) {
    return "parameter " + parameter.getSimpleName();
  }
}
