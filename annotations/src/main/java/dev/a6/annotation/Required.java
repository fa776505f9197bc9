package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a conf record component's key mandatory: a conf without it is refused at PrepareConf.
 *
 * <pre>{@code
 * record Conf(@Required List<String> keys) {}
 * }</pre>
 *
 * <p>Without it, an absent key gives the {@link Default @Default} value, else 0, {@code false},
 * {@code null}, an empty list, set or map, or an empty {@code Optional}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {}
