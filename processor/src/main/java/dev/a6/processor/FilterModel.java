package dev.a6.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * One plugin: its name and the methods that implement its phases, all in one class.
 *
 * @param name the plugin name
 * @param owner the class holding the methods
 * @param request the request-phase method, or {@code null}
 * @param response the response-phase method, or {@code null}
 * @param conf how the plugin takes its conf
 * @param prepared its {@code @Prepared} state, or {@code null}
 */
record FilterModel(
    String name,
    ClassName owner,
    PhaseMethod request,
    PhaseMethod response,
    ConfUse conf,
    PreparedUse prepared) {

  enum Phase {
    REQUEST,
    RESPONSE;

    String label() {
      return this == REQUEST ? "request" : "response";
    }
  }

  /**
   * A {@code @Filter} method.
   *
   * @param name the method name
   * @param isStatic whether it is static
   * @param blocking whether its annotation says it blocks
   * @param returnsStage whether it returns a stage rather than void
   * @param throwsChecked whether it declares checked exceptions
   * @param phase the phase its parameters put it in
   * @param params its parameters, in order
   * @param element the method, for messages and as originating element
   */
  record PhaseMethod(
      String name,
      boolean isStatic,
      boolean blocking,
      boolean returnsStage,
      boolean throwsChecked,
      Phase phase,
      List<Param> params,
      Element element) {
    PhaseMethod {
      params = List.copyOf(params);
    }

    /** Variables the method declares with {@code @Var}, in order. */
    List<String> vars() {
      return params.stream().filter(p -> p.kind() == Param.Kind.VAR).map(Param::var).toList();
    }

    boolean takes(Param.Kind kind) {
      return params.stream().anyMatch(p -> p.kind() == kind);
    }
  }

  /**
   * A parameter of a {@code @Filter} method.
   *
   * @param kind what the runtime passes
   * @param var the variable name, for {@code VAR}
   * @param form how a fetched value is handed over
   */
  record Param(Kind kind, String var, Form form) {
    enum Kind {
      CONF,
      REQUEST,
      RESPONSE,
      UPSTREAM,
      CONTEXT,
      VAR,
      BODY,
      UPSTREAM_BODY,
      PREPARED
    }

    enum Form {
      VALUE,
      STRING,
      BYTES,
      OPTIONAL
    }

    static Param of(Kind kind) {
      return new Param(kind, "", Form.VALUE);
    }
  }

  /**
   * How the plugin takes its conf.
   *
   * @param type the conf type, or {@code null} when it takes none
   * @param record the conf record's model, or {@code null} for none or a raw String
   */
  record ConfUse(TypeName type, ConfModel record) {
    static final ConfUse NONE = new ConfUse(null, null);

    boolean raw() {
      return type != null && record == null;
    }
  }

  /**
   * The plugin's {@code @Prepared} state.
   *
   * @param type the state's class
   * @param takesConf whether its constructor takes the conf
   * @param prefetch whether it implements {@code Prefetch}
   * @param closeable whether it implements {@code AutoCloseable}: closed when the conf is dropped
   * @param closeThrows what its {@code close()} declares it throws
   */
  record PreparedUse(
      TypeName type,
      boolean takesConf,
      boolean prefetch,
      boolean closeable,
      List<TypeName> closeThrows) {}

  List<PhaseMethod> methods() {
    return java.util.stream.Stream.of(request, response).filter(m -> m != null).toList();
  }

  boolean needsInstance() {
    return methods().stream().anyMatch(m -> !m.isStatic());
  }
}
