package dev.a6;

import java.util.Collection;
import java.util.List;

/**
 * Implemented by a conf record (or a {@code @Prepared} object) whose filter needs variables or
 * bodies that only the conf names. The runner asks once per prepared conf and fetches them with
 * the declared ones before the chain runs.
 *
 * <pre>{@code
 * record VarToHeaderConf(Map<String, String> headers) implements Prefetch {
 *   public Collection<String> prefetchVars() { return headers.values(); }
 * }
 * }</pre>
 */
public interface Prefetch {

  /** Variables to fetch before the filter runs, read with {@code var(name)}. */
  default Collection<String> prefetchVars() {
    return List.of();
  }

  /** Whether to fetch the client's request body. */
  default boolean prefetchRequestBody() {
    return false;
  }

  /** Whether to fetch the upstream's body; only the response phase has one. */
  default boolean prefetchUpstreamBody() {
    return false;
  }
}
