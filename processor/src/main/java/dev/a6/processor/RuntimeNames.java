package dev.a6.processor;

import com.palantir.javapoet.ClassName;

/**
 * The runtime and annotation types the processor recognizes and the generated code uses, by name:
 * the processor does not depend on the runtime.
 */
final class RuntimeNames {
  private RuntimeNames() {}

  static final String ANNOTATIONS = "dev.a6.annotation";

  static final String FILTER = ANNOTATIONS + ".Filter";
  static final String VAR = ANNOTATIONS + ".Var";
  static final String BODY = ANNOTATIONS + ".Body";
  static final String UPSTREAM_BODY = ANNOTATIONS + ".UpstreamBody";
  static final String PREPARED = ANNOTATIONS + ".Prepared";
  static final String KEY = ANNOTATIONS + ".Key";
  static final String DEFAULT = ANNOTATIONS + ".Default";
  static final String REQUIRED = ANNOTATIONS + ".Required";
  static final String RAW_JSON = ANNOTATIONS + ".RawJson";
  static final String IGNORE_UNKNOWN_KEYS = ANNOTATIONS + ".IgnoreUnknownKeys";
  static final ClassName RUNNER_GENERATED = ClassName.get(ANNOTATIONS, "RunnerGenerated");

  static final ClassName HTTP_REQUEST = ClassName.get("dev.a6", "HttpRequest");
  static final ClassName HTTP_RESPONSE = ClassName.get("dev.a6", "HttpResponse");
  static final ClassName UPSTREAM_RESPONSE = ClassName.get("dev.a6", "UpstreamResponse");
  static final ClassName FILTER_CONTEXT = ClassName.get("dev.a6", "FilterContext");
  static final ClassName PREFETCH = ClassName.get("dev.a6", "Prefetch");
  static final ClassName RUNNER = ClassName.get("dev.a6", "Runner");

  static final ClassName FILTER_BINDING = ClassName.get("dev.a6.spi", "FilterBinding");
  static final ClassName EXECUTION = FILTER_BINDING.nestedClass("Execution");
  static final ClassName FILTER_REGISTRY = ClassName.get("dev.a6.spi", "FilterRegistry");
  static final ClassName FETCH_PLAN = ClassName.get("dev.a6.spi", "FetchPlan");
  static final ClassName CONF_READER = ClassName.get("dev.a6.spi", "ConfReader");

  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
}
