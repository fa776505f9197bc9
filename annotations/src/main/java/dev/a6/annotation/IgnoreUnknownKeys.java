package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a conf record accept keys it has no component for. By default an unknown key is a conf
 * error, which catches typos in APISIX routes before they silently change nothing.
 *
 * <pre>{@code
 * @IgnoreUnknownKeys
 * record Conf(String body) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface IgnoreUnknownKeys {}
