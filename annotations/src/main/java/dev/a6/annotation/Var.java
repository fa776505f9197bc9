package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects an nginx or APISIX variable, fetched from APISIX before the filter runs.
 *
 * <pre>{@code
 * @Filter("client-ip")
 * static void clientIp(@Var("remote_addr") String remoteAddr, HttpRequest request) { ... }
 * }</pre>
 *
 * <p>The parameter is a {@code String} or {@code byte[]} ({@code null} when APISIX has no value
 * for the variable), or an {@code Optional<String>}. The name is written without {@code $}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Var {
  /** The variable name without {@code $}, for example {@code "remote_addr"} or {@code "arg_x"}. */
  String value();
}
