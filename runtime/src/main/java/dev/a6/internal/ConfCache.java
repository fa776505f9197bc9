package dev.a6.internal;

import dev.a6.ConfException;
import dev.a6.internal.Messages.ConfEntry;
import dev.a6.internal.Messages.PrepareConf;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The prepared chains, by conf token.
 *
 * <p>A chain lives {@code ttl} after its last use: APISIX caches a token for {@code
 * APISIX_CONF_EXPIRE_TIME} and never says when it drops one, so the runner keeps it a little
 * longer (1.2 times) and answers an expired token with CONF_TOKEN_NOT_FOUND, after which APISIX
 * prepares the conf again. Each plugin conf is parsed once, here, never per request.
 */
final class ConfCache {
  private static final int NAMES_IN_ERRORS = 20;

  private final Map<String, FilterBinding<?>> bindings;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final TokenSource tokens;
  private final TokenTable byToken = new TokenTable();
  /** The chain last prepared for each PrepareConf key; guarded by this. */
  private final Map<String, PreparedChain> byKey = new HashMap<>();

  ConfCache(FilterRegistry registry, long ttlNanos, LongSupplier nanoClock, TokenSource tokens) {
    Map<String, FilterBinding<?>> byName = new LinkedHashMap<>();
    for (FilterBinding<?> binding : registry.filters()) {
      if (byName.put(binding.name(), binding) != null) {
        throw new IllegalArgumentException(
            "two filters of the registry are named \"" + binding.name() + "\"");
      }
    }
    this.bindings = Map.copyOf(byName);
    this.ttlNanos = ttlNanos;
    this.nanoClock = nanoClock;
    this.tokens = tokens;
  }

  /**
   * Prepares the chain of a PrepareConf, or returns the cached one when APISIX sends the same key
   * with the same conf again.
   *
   * @throws ConfException naming the plugin whose name or conf is unusable
   */
  PreparedChain prepare(PrepareConf request) {
    long now = nanoClock.getAsLong();
    PreparedChain cached = cachedFor(request, now);
    if (cached != null) {
      return cached;
    }
    List<PreparedFilter<?>> filters = new ArrayList<>(request.conf().size());
    for (ConfEntry entry : request.conf()) {
      FilterBinding<?> binding = bindings.get(entry.name());
      if (binding == null) {
        throw new ConfException(
            "unknown plugin \"" + entry.name() + "\"; this runner has " + knownNames());
      }
      filters.add(prepare(binding, entry.value()));
    }
    synchronized (this) {
      // Another connection may have prepared the same key meanwhile: keep one token per key.
      PreparedChain raced = cachedFor(request, now);
      if (raced != null) {
        return raced;
      }
      long token = tokens.next(byToken::contains);
      PreparedChain chain = new PreparedChain(token, request.key(), request.conf(), filters, now);
      byToken.put(chain);
      if (request.key() != null) {
        byKey.put(request.key(), chain);
      }
      return chain;
    }
  }

  private synchronized @Nullable PreparedChain cachedFor(PrepareConf request, long now) {
    String key = request.key();
    if (key == null) {
      return null;
    }
    PreparedChain chain = byKey.get(key);
    if (chain == null || expired(chain, now) || !chain.conf.equals(request.conf())) {
      return null;
    }
    chain.touch(now);
    return chain;
  }

  private static <P extends @Nullable Object> PreparedFilter<P> prepare(
      FilterBinding<P> binding, String conf) {
    try {
      return new PreparedFilter<>(binding, binding.prepare(conf));
    } catch (ConfException e) {
      throw new ConfException(binding.name() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      String reason = e.getMessage();
      throw new ConfException(
          binding.name()
              + ": preparing the conf failed: "
              + (reason == null ? e.getClass().getName() : reason),
          e);
    }
  }

  /** The chain a call names, marking it used; {@code null} if unknown or expired. */
  @Nullable PreparedChain lookup(long token) {
    PreparedChain chain = byToken.get(token);
    if (chain == null) {
      return null;
    }
    long now = nanoClock.getAsLong();
    if (expired(chain, now)) {
      return null;
    }
    chain.touch(now);
    return chain;
  }

  /** Frees the expired chains; returns how many. */
  int sweep() {
    long now = nanoClock.getAsLong();
    List<PreparedChain> removed = byToken.removeIf(chain -> expired(chain, now));
    if (!removed.isEmpty()) {
      synchronized (this) {
        for (PreparedChain chain : removed) {
          if (chain.key != null) {
            byKey.remove(chain.key, chain);
          }
        }
      }
    }
    return removed.size();
  }

  int size() {
    return byToken.size();
  }

  long ttlNanos() {
    return ttlNanos;
  }

  private boolean expired(PreparedChain chain, long now) {
    return now - chain.lastUsedNanos() > ttlNanos;
  }

  private String knownNames() {
    List<String> names = new ArrayList<>(bindings.keySet());
    names.sort(null);
    if (names.isEmpty()) {
      return "no plugins";
    }
    if (names.size() > NAMES_IN_ERRORS) {
      return String.join(", ", names.subList(0, NAMES_IN_ERRORS))
          + " and " + (names.size() - NAMES_IN_ERRORS) + " more";
    }
    return String.join(", ", names);
  }
}
