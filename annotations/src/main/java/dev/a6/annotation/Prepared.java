package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects state that lives as long as one prepared conf: a rate limiter's bucket, compiled
 * patterns, pre-encoded bodies.
 *
 * <pre>{@code
 * @Filter("limit-req")
 * static CompletionStage<Void> limit(@Prepared TokenBucket bucket, HttpResponse response) { ... }
 *
 * final class TokenBucket {
 *   TokenBucket(LimitReqConf conf) { ... }
 * }
 * }</pre>
 *
 * <p>The parameter's type is a class with an accessible constructor that takes the filter's conf
 * record, or no argument. The runner creates one instance each time APISIX prepares a conf
 * (PrepareConf) and drops it with the conf token: two routes never share one, even when their
 * confs are equal. An exception from the constructor fails the PrepareConf like a bad conf does.
 * When the filter has no conf parameter, the constructor's parameter type is its conf.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Prepared {}
