package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the upstream's response body, fetched from APISIX before the filter runs. Only the
 * response phase ({@code ext-plugin-post-resp}) has one, so this parameter puts the method there.
 *
 * <pre>{@code
 * @Filter("mask")
 * static void mask(@UpstreamBody String body, UpstreamResponse response) { ... }
 * }</pre>
 *
 * <p>The parameter is a {@code byte[]} or a {@code String} (decoded as UTF-8).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface UpstreamBody {}
