package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a conf record component's JSON value unparsed, as JSON text in a {@code String}, for
 * values whose shape the plugin interprets itself.
 *
 * <pre>{@code
 * record Conf(@RawJson String rules) {}   // {"rules": {"a": [1, 2]}} gives "{\"a\":[1,2]}"
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface RawJson {}
