package dev.a6;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The client's request as APISIX forwards it to the runner, readable and rewritable by the
 * filters of the request phase ({@code ext-plugin-pre-req} and {@code ext-plugin-post-req}).
 *
 * <p>Filters of one chain share one request: a filter sees the changes of the filters before it.
 * The changes reach the upstream as one rewrite unless a filter stops the request (see {@link
 * HttpResponse#stop(int)}). Header names are case-insensitive everywhere.
 *
 * <p>An instance is valid only during the call it was passed to; do not keep it.
 */
public interface HttpRequest {

  /** The request id APISIX assigned, for correlating log lines. */
  long id();

  /** The client's address ({@code $binary_remote_addr}), or {@code null} if APISIX sent none. */
  @Nullable InetAddress sourceIp();

  /** The request method, such as {@code "GET"}. */
  String method();

  /** The decoded path without query string, as it would go upstream now. */
  String path();

  /**
   * Sends the request upstream with another path. Query arguments are kept; change them with
   * {@link #setArg}. APISIX escapes the path itself, so pass it unescaped.
   *
   * @throws IllegalArgumentException if the path does not start with {@code /} or contains
   *     {@code ?} (APISIX would escape it to {@code %3F}: change arguments with {@link #setArg}).
   */
  void setPath(String path);

  /**
   * The first value of a header, or {@code null} if the request has none. Once a filter set a new
   * body, {@code content-length} is that body's length, as the upstream will receive it.
   */
  @Nullable String header(String name);

  /** Every value of a header, in order; empty if the request has none. */
  List<String> headers(String name);

  /** The names of the request's headers, in lower case. */
  Set<String> headerNames();

  /**
   * Replaces every value of a header with one value. {@code content-length} and {@code
   * transfer-encoding} are ignored here and in {@link #removeHeader} (with a DEBUG log line):
   * nginx frames the upstream request from its body, and APISIX sets the length of a new body
   * ({@link #setBody}) itself. Setting {@code host} changes the upstream's Host header.
   */
  void setHeader(String name, String value);

  /**
   * Adds a header the request does not have yet.
   *
   * @throws UnsupportedOperationException if the request already has that header: APISIX replaces
   *     request headers and cannot send a second value.
   */
  void addHeader(String name, String value);

  /** Removes a header; nothing happens if the request has none. */
  void removeHeader(String name);

  /**
   * The first value of a query argument, or {@code null} if it has none. {@code ?a=} gives
   * {@code ""}; a flag argument such as {@code ?a} has no value (see {@link #hasFlag}).
   */
  @Nullable String arg(String name);

  /** Every value of a query argument, in order; flag occurrences have no value and are left out. */
  List<String> args(String name);

  /** Whether the query holds the argument as a flag, without {@code =}, as in {@code ?debug}. */
  boolean hasFlag(String name);

  /** The names of the query arguments, flags included. */
  Set<String> argNames();

  /** Replaces every value of a query argument (a flag too) with one value. */
  void setArg(String name, String value);

  /** Adds a value to a query argument. */
  void addArg(String name, String value);

  /** Removes a query argument with all its values. */
  void removeArg(String name);

  /**
   * The request body as the upstream would receive it: the body a filter set, else the client's
   * body fetched for this chain ({@code @Body}, or {@link Prefetch}). Empty if the client sent none.
   *
   * @throws IllegalStateException if the body was neither fetched nor set; declare it or use
   *     {@link #fetchBody()}.
   */
  byte[] body();

  /**
   * Sends the upstream a new request body (APISIX 3.6 or newer); APISIX gives it the matching
   * {@code content-length}. An empty body cannot be expressed in the protocol and leaves the body
   * as it is.
   */
  void setBody(byte[] body);

  /** {@link #setBody(byte[])} with the UTF-8 bytes of {@code body}. */
  void setBody(String body);

  /**
   * The value of an nginx or APISIX variable fetched for this call, decoded as UTF-8; {@code
   * null} if APISIX has no value for it.
   *
   * @throws IllegalStateException if the variable was not fetched: declare it with {@code @Var}
   *     or {@link Prefetch}, or use {@link #fetchVar}.
   */
  @Nullable String var(String name);

  /** {@link #var} as raw bytes. */
  byte @Nullable [] varBytes(String name);

  /**
   * Asks APISIX for a variable now. The stage completes on the connection's event loop when the
   * answer arrives; a filter that uses it returns a stage that completes after it. A blocking
   * filter may simply wait for it ({@code .toCompletableFuture().get()}): the answer never needs
   * a worker thread. Slow work chained onto the stage would run on the event loop, so do it after
   * waiting instead.
   */
  CompletionStage<Optional<String>> fetchVar(String name);

  /** Asks APISIX for the client's request body now; see {@link #fetchVar}. */
  CompletionStage<byte[]> fetchBody();
}
