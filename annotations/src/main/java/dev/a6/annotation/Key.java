package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the JSON key of a conf record component. By default the key is the component name in
 * snake_case, as APISIX confs are written: {@code httpStatus} reads {@code "http_status"}.
 *
 * <pre>{@code
 * record Conf(@Key("X-Header") String header) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {
  /** The JSON key. */
  String value();
}
