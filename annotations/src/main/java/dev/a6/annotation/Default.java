package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value of a conf record component when its key is absent, written as JSON and checked
 * against the component's type at compile time.
 *
 * <pre>{@code
 * record Conf(@Default("100") int percentage, @Default("\"x-api-key\"") String header) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  /** The default value as JSON: {@code "100"}, {@code "\"text\""}, {@code "[1, 2]"}. */
  String value();
}
