package dev.a6;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The client's response, as the filters of the request phase shape it.
 *
 * <p>A filter either lets the request go on to the upstream, possibly with response headers for
 * the client ({@link #setHeader}), or stops it and answers the client itself ({@link #stop}).
 * Stopping ends the chain once the filter returns: later filters do not run and the request's
 * changes are dropped. Headers set by earlier filters are part of the stop's answer.
 */
public interface HttpResponse {

  /**
   * Sets a header of the client response, replacing the values earlier filters set. While the
   * request is proxied (APISIX 2.13 or newer) APISIX ignores these names: {@code connection},
   * {@code content-length}, {@code transfer-encoding}, {@code location}, {@code server}, {@code
   * www-authenticate}, {@code content-encoding}, {@code content-type}, {@code content-location},
   * {@code content-language}. They work in a {@link #stop}, except {@code content-length} and
   * {@code transfer-encoding}, which are always ignored (with a DEBUG log line): nginx frames the
   * response from its body.
   */
  void setHeader(String name, String value);

  /** Adds a value to a header of the client response (several {@code set-cookie}, say). */
  void addHeader(String name, String value);

  /** Removes a header that an earlier filter set. */
  void removeHeader(String name);

  /** The first value set for a header, or {@code null}. */
  @Nullable String header(String name);

  /** Every value set for a header. */
  List<String> headers(String name);

  /** The names of the headers set so far, in lower case. */
  Set<String> headerNames();

  /** Stops the request with status 200 and no body. */
  void stop();

  /**
   * Stops the request with a status and no body (nginx may then answer with its default page for
   * that status).
   *
   * @throws IllegalArgumentException unless {@code 100 <= status <= 599}
   */
  void stop(int status);

  /** Stops the request with a status and a UTF-8 body; an empty body means none. */
  void stop(int status, String body);

  /** Stops the request with a status and a body; an empty body means none. */
  void stop(int status, byte[] body);

  /** Whether a filter stopped the request. */
  boolean isStopped();

  /** The status of the stop, or 0 while the request is not stopped. */
  int status();
}
