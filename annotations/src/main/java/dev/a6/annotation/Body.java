package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the client's request body, fetched from APISIX before the filter runs.
 *
 * <pre>{@code
 * @Filter("body-check")
 * static void check(@Body String body, HttpResponse response) { ... }
 * }</pre>
 *
 * <p>The parameter is a {@code byte[]} or a {@code String} (decoded as UTF-8); an empty body gives
 * an empty value. Usable in both phases.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Body {}
