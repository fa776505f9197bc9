package dev.a6.spi;

import dev.a6.Prefetch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a filter needs fetched from APISIX (ExtraInfo) before it runs.
 *
 * @param vars variable names, without duplicates
 * @param requestBody whether the client's request body is needed
 * @param upstreamBody whether the upstream's response body is needed (response phase only)
 */
public record FetchPlan(List<String> vars, boolean requestBody, boolean upstreamBody) {

  /** Nothing to fetch. */
  public static final FetchPlan NONE = new FetchPlan(List.of(), false, false);

  public FetchPlan {
    vars = List.copyOf(new LinkedHashSet<>(vars));
  }

  /** A plan for the given needs. */
  public static FetchPlan of(boolean requestBody, boolean upstreamBody, String... vars) {
    return new FetchPlan(List.of(vars), requestBody, upstreamBody);
  }

  /** Whether nothing needs fetching. */
  public boolean isEmpty() {
    return vars.isEmpty() && !requestBody && !upstreamBody;
  }

  /** Everything this plan or {@code other} needs. */
  public FetchPlan plus(FetchPlan other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    List<String> all = new ArrayList<>(vars);
    all.addAll(other.vars);
    return new FetchPlan(
        all, requestBody || other.requestBody, upstreamBody || other.upstreamBody);
  }

  /** Everything this plan or what a conf asks for through {@link Prefetch} needs. */
  public FetchPlan plus(Prefetch prefetch) {
    return plus(
        new FetchPlan(
            List.copyOf(prefetch.prefetchVars()),
            prefetch.prefetchRequestBody(),
            prefetch.prefetchUpstreamBody()));
  }
}
