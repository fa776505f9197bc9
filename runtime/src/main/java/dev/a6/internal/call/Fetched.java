package dev.a6.internal.call;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The variables and bodies fetched from APISIX during one call. Reused across calls.
 *
 * <p>Synchronized: answers to on-demand fetches are recorded on the event loop while a filter of
 * a blocking chain may be reading on a worker thread. Uncontended otherwise.
 */
final class Fetched {
  private static final byte[] EMPTY = new byte[0];

  private final List<String> names = new ArrayList<>();
  private final List<byte @Nullable []> values = new ArrayList<>();
  private final List<@Nullable String> decoded = new ArrayList<>();
  private byte @Nullable [] requestBody;
  private byte @Nullable [] upstreamBody;

  synchronized void clear() {
    names.clear();
    values.clear();
    decoded.clear();
    requestBody = null;
    upstreamBody = null;
  }

  synchronized void putVar(String name, byte @Nullable [] value) {
    int i = names.indexOf(name);
    if (i >= 0) {
      values.set(i, value);
      decoded.set(i, null);
    } else {
      names.add(name);
      values.add(value);
      decoded.add(null);
    }
  }

  synchronized byte @Nullable [] varBytes(String name) {
    return values.get(indexOfVar(name));
  }

  synchronized @Nullable String var(String name) {
    int i = indexOfVar(name);
    String value = decoded.get(i);
    byte[] bytes = values.get(i);
    if (value == null && bytes != null) {
      value = new String(bytes, StandardCharsets.UTF_8);
      decoded.set(i, value);
    }
    return value;
  }

  /** A variable if this call fetched it, else {@code null}; never fetches. */
  synchronized @Nullable String varIfFetched(String name) {
    return names.contains(name) ? var(name) : null;
  }

  synchronized void putRequestBody(byte @Nullable [] body) {
    requestBody = body == null ? EMPTY : body;
  }

  synchronized void putUpstreamBody(byte @Nullable [] body) {
    upstreamBody = body == null ? EMPTY : body;
  }

  synchronized boolean hasRequestBody() {
    return requestBody != null;
  }

  synchronized byte[] requestBody() {
    byte[] body = requestBody;
    if (body == null) {
      throw new IllegalStateException(
          "the request body was not fetched for this call: declare a @Body parameter, return"
              + " true from Prefetch.prefetchRequestBody(), or call fetchBody()");
    }
    return body;
  }

  synchronized byte[] upstreamBody() {
    byte[] body = upstreamBody;
    if (body == null) {
      throw new IllegalStateException(
          "the upstream body was not fetched for this call: declare an @UpstreamBody parameter,"
              + " return true from Prefetch.prefetchUpstreamBody(), or call fetchBody()");
    }
    return body;
  }

  private int indexOfVar(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException(
          "variable \""
              + name
              + "\" was not fetched for this call: declare it with @Var(\""
              + name
              + "\") or Prefetch.prefetchVars(), or call fetchVar(\""
              + name
              + "\")");
    }
    return i;
  }
}
