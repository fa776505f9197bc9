package dev.a6.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method the implementation of the APISIX runner plugin with the given name.
 *
 * <pre>{@code
 * @Filter("say")
 * static void say(SayConf conf, HttpResponse response) {
 *   response.stop(200, conf.body());
 * }
 * }</pre>
 *
 * <p>The method is static, or an instance method of a class with an accessible no-argument
 * constructor (one instance serves the whole runner). It is not private, not generic, and returns
 * {@code void} or {@code CompletionStage<Void>} (to finish asynchronously). Its parameters, in any
 * order:
 *
 * <ul>
 *   <li>at most one conf: a record parsed from the plugin's JSON conf, or a {@code String} for the
 *       raw conf value;
 *   <li>request phase: {@code HttpRequest} (read and rewrite the request) and/or {@code
 *       HttpResponse} (answer the client, or add headers to the proxied response);
 *   <li>response phase: {@code UpstreamResponse} (the upstream's status, headers and body);
 *   <li>{@link Var @Var}, {@link Body @Body} and {@link UpstreamBody @UpstreamBody} values, fetched
 *       from APISIX before the method runs;
 *   <li>a {@link Prepared @Prepared} object that lives as long as one prepared conf;
 *   <li>{@code FilterContext} for the clock, randomness and non-blocking delays.
 * </ul>
 *
 * <p>A method taking {@code UpstreamResponse} or an {@code @UpstreamBody} runs in the response
 * phase ({@code ext-plugin-post-resp}); any other runs in the request phase. One plugin name may
 * have one method per phase. Names follow APISIX's rule: 1 to 128 characters, unique in the runner.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Filter {
  /** The plugin name, as written in the {@code conf} list of an APISIX route. */
  String value();

  /**
   * Whether the method blocks (I/O, locks, long computations). A chain that contains a blocking
   * filter runs on a bounded worker pool instead of the event loop, so it never stalls other
   * connections.
   */
  boolean blocking() default false;
}
