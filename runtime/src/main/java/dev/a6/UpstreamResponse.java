package dev.a6;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The upstream's response in the response phase ({@code ext-plugin-post-resp}, APISIX 2.14 or
 * newer), before the client gets it.
 *
 * <p>Header names keep the upstream's case and are matched case-insensitively. When a filter
 * changes any header, the client receives the upstream's headers with the changes applied (less
 * hop-by-hop headers and {@code content-length}, and less {@code content-encoding} when the body
 * is replaced); otherwise APISIX forwards the upstream's headers itself.
 *
 * <p>An instance is valid only during the call it was passed to; do not keep it.
 */
public interface UpstreamResponse {

  /** The call id APISIX assigned; not the id of the request phase's call. */
  long id();

  /** The status the client will get: the upstream's, or the one a filter set. */
  int status();

  /**
   * Answers the client with another status.
   *
   * @throws IllegalArgumentException unless {@code 100 <= status <= 599}
   */
  void setStatus(int status);

  /** The first value of a header, or {@code null}. */
  @Nullable String header(String name);

  /** Every value of a header, in order. */
  List<String> headers(String name);

  /** The header names, in the upstream's case. */
  Set<String> headerNames();

  /** Replaces every value of a header with one value. */
  void setHeader(String name, String value);

  /** Adds a value to a header. */
  void addHeader(String name, String value);

  /** Removes a header with all its values. */
  void removeHeader(String name);

  /**
   * The body the client will get: the body a filter set, else the upstream's body fetched for this
   * chain ({@code @UpstreamBody}, or {@link Prefetch}).
   *
   * @throws IllegalStateException if the body was neither fetched nor set; declare it or use
   *     {@link #fetchBody()}.
   */
  byte[] body();

  /** Replaces the body. An empty body cannot be expressed in the protocol and changes nothing. */
  void setBody(byte[] body);

  /** {@link #setBody(byte[])} with the UTF-8 bytes of {@code body}. */
  void setBody(String body);

  /**
   * The client's request body fetched for this chain ({@code @Body}, or {@link Prefetch}).
   *
   * @throws IllegalStateException if it was not fetched
   */
  byte[] requestBody();

  /**
   * A variable fetched for this call; {@code null} if APISIX has no value for it. The request's
   * path and method are not part of this phase's call: read them as {@code uri} and {@code
   * request_method}.
   *
   * @throws IllegalStateException if the variable was not fetched
   */
  @Nullable String var(String name);

  /** {@link #var} as raw bytes. */
  byte @Nullable [] varBytes(String name);

  /** Asks APISIX for a variable now; see {@link HttpRequest#fetchVar}. */
  CompletionStage<Optional<String>> fetchVar(String name);

  /** Asks APISIX for the upstream's body now. */
  CompletionStage<byte[]> fetchBody();

  /** Asks APISIX for the client's request body now. */
  CompletionStage<byte[]> fetchRequestBody();
}
