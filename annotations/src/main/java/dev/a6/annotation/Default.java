package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value of a conf record component when its key is absent, checked against the component's
 * type at compile time. A {@code String} or an enum constant is written as itself; anything else
 * as JSON.
 *
 * <pre>{@code
 * record Conf(
 *     @Default("x-api-key") String header,   // a String: the text itself
 *     @Default("once") Scope scope,          // an enum: the constant, in any case
 *     @Default("100") int percentage,        // anything else: JSON
 *     @Default("[\"/health\"]") List<String> skipPaths) {}
 * }</pre>
 *
 * <p>A {@code String} default that is itself a JSON string, {@code @Default("\"x-api-key\"")}, is
 * read as JSON, as it was before plain text was accepted.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  /** The default: {@code "text"} for a String or an enum, JSON such as {@code "[1, 2]"} otherwise. */
  String value();
}
