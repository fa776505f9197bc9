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
 * record, or no argument. The runner creates one instance each time APISIX prepares a new conf
 * (PrepareConf) and keeps it with the conf token: two routes never share one, even when their
 * confs are equal, and a PrepareConf that repeats a cached key with the same conf gets the cached
 * token and its instance. An exception from the constructor fails the PrepareConf like a bad conf
 * does. When the filter has no conf parameter, the constructor's parameter type is its conf.
 *
 * <p>A type that implements {@link AutoCloseable} is closed exactly once when the runner drops
 * the conf: the token expired or was evicted from the conf cache, another connection prepared the
 * same key at the same moment, a later plugin of the chain had a bad conf, or the runner stops. A
 * call still running on a conf that expires meanwhile may see its state closed. For a plugin
 * with a blocking phase, the constructor runs on the worker pool, so it may block too.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Prepared {}
