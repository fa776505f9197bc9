package dev.a6.processor;

import java.util.Locale;

/**
 * Every error the processor reports: what rule was broken and how to fix it. Tests match these
 * texts, so a message changes in one place.
 */
enum Diagnostic {
  NAME_LENGTH("plugin names have 1 to 128 characters, as in APISIX; this one has %d"),
  DUPLICATE_NAME(
      "plugin \"%s\" is already defined by %s; plugin names are unique in a runner (a plugin"
          + " may have one method per phase, in one class)"),
  DUPLICATE_PHASE(
      "plugin \"%s\" already has a %s-phase method, %s; a plugin has at most one method per"
          + " phase"),
  PHASES_IN_TWO_CLASSES(
      "the methods of plugin \"%s\" must be in one class, but %s is in another; move one"),
  PRIVATE_METHOD(
      "a @Filter method must not be private: the generated dispatch calls it directly; make it"
          + " package-private or public"),
  UNREACHABLE_CLASS(
      "@Filter methods must be in a class the generated code can reach, but %s is private;"
          + " make it package-private or public"),
  INNER_CLASS(
      "%s is an inner class: make it static so that the runner can create it without an"
          + " enclosing instance"),
  GENERIC_METHOD("a @Filter method must not have type parameters"),
  BAD_RETURN(
      "a @Filter method returns void, or CompletionStage<Void> to finish asynchronously; not %s"),
  NO_CONSTRUCTOR(
      "%s has instance @Filter methods, so it needs a non-private constructor without"
          + " parameters: the runner creates one instance; or make the methods static"),
  ABSTRACT_OWNER(
      "%s is abstract, so the runner cannot create it for its instance @Filter methods; make the"
          + " methods static or the class concrete"),
  UNSUPPORTED_PARAMETER(
      "a @Filter method cannot take %s; it takes a conf record (or String for the raw conf),"
          + " HttpRequest, HttpResponse, UpstreamResponse, FilterContext, and @Var, @Body,"
          + " @UpstreamBody or @Prepared values"),
  TWO_CONFS("a @Filter method takes at most one conf, and %s is already it"),
  REPEATED_PARAMETER("a @Filter method takes at most one %s"),
  MIXED_PHASES(
      "%s belongs to the response phase and %s to the request phase; write one method per"
          + " phase under the same plugin name"),
  VAR_TYPE("a @Var parameter is a String, byte[] or Optional<String>, not %s"),
  VAR_NAME("@Var needs the variable's name, without $, such as @Var(\"remote_addr\")"),
  BODY_TYPE("a @%s parameter is a byte[] or a String, not %s"),
  TWO_ANNOTATIONS("a parameter takes one of @Var, @Body, @UpstreamBody and @Prepared"),
  PREPARED_CONSTRUCTOR(
      "@Prepared type %s needs a non-private constructor taking the conf (%s) or nothing"),
  PREPARED_TYPE("@Prepared takes a class with a constructor, not %s"),
  PREPARED_CONF_MISMATCH(
      "the constructor of @Prepared type %s takes %s, but the filter's conf is %s"),
  PHASE_CONF_MISMATCH(
      "both methods of plugin \"%s\" take the conf and @Prepared state of one PrepareConf, so"
          + " they must agree: %s here, %s in %s"),
  PRIVATE_RECORD("conf record %s must not be private: its generated parser creates it"),
  GENERIC_RECORD("conf record %s must not have type parameters"),
  COMPONENT_TYPE(
      "a conf component cannot be %s; use String, boolean, int, long, double (or their boxes), an"
          + " enum, a record, or a List, Set, Map<String, …> or Optional of these, or mark a"
          + " String @RawJson"),
  MAP_KEY("conf maps come from JSON objects, whose keys are strings: use Map<String, …>, not %s"),
  DUPLICATE_KEY("JSON key \"%s\" is already used by component %s; give one of them a @Key"),
  EMPTY_KEY("@Key needs a non-empty JSON key"),
  DEFAULT_SYNTAX(
      "@Default of a %s is JSON, such as @Default(\"%s\") (plain text is for String and enum"
          + " components only): %s"),
  DEFAULT_MISMATCH("@Default does not fit the component's type: %s"),
  DEFAULT_REQUIRED("a @Required component has no default: remove @Default or @Required"),
  RAW_JSON_TYPE("@RawJson keeps a value as JSON text, so it applies to String components only"),
  UNRESOLVED("%s refers to a type that does not exist: %s"),
  NO_RUNTIME(
      "a6-runtime is not on the compile class path (%s is missing); add the dependency"
          + " dev.a6:a6-runtime"),
  NO_COMMON_PACKAGE(
      "@Filter classes are in packages %s with no common parent, so the runner's registry has"
          + " no package to go in; pass -Aa6.package=<package> to the compiler"),
  LATE_FILTER(
      "this @Filter method was generated after the runner's registry was written; the"
          + " registry cannot include it"),
  INTERNAL("the a6 processor failed, please report this: %s");

  private final String template;

  Diagnostic(String template) {
    this.template = template;
  }

  String format(Object... args) {
    return String.format(Locale.ROOT, template, args);
  }

  /** The fixed part of the message, for tests that match it. */
  String prefix() {
    int placeholder = template.indexOf('%');
    return placeholder < 0 ? template : template.substring(0, placeholder);
  }
}
