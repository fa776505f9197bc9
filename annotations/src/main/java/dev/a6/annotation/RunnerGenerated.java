package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code written by the a6 annotation processor. Kept in class files so that coverage tools
 * (JaCoCo skips types annotated {@code *Generated}) leave it out of reports.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RunnerGenerated {}
