package dev.a6.internal.conf;

import dev.a6.ConfException;
import dev.a6.internal.wire.Messages.ConfEntry;
import dev.a6.internal.wire.Messages.PrepareConf;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterBinding.Execution;
import dev.a6.spi.FilterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared chains, by conf token.
 *
 * <p>A chain lives {@code ttl} after its last use: APISIX caches a token for {@code
 * APISIX_CONF_EXPIRE_TIME} and never says when it drops one, so the runner keeps it a little
 * longer (1.2 times) and answers an expired token with CONF_TOKEN_NOT_FOUND, after which APISIX
 * prepares the conf again. Each plugin conf is parsed once, here, never per request.
 *
 * <p>The cache holds at most {@code maxEntries} chains and {@code maxBytes} of conf text: a peer
 * sending PrepareConf after PrepareConf with new keys would otherwise grow it until the TTL. Past
 * either bound, the least recently used chains go (their tokens then get CONF_TOKEN_NOT_FOUND,
 * and APISIX prepares them again).
 *
 * <p>Every chain that leaves the cache, and every one prepared but never published (a lost race,
 * a later plugin's bad conf), has its state closed exactly once: see {@link PreparedChain#close}.
 */
public final class ConfCache {
  private static final Logger log = LoggerFactory.getLogger(ConfCache.class);
  private static final int NAMES_IN_ERRORS = 20;
  /** A use is recorded when the clock moved this share of the TTL since the last record. */
  private static final int TOUCHES_PER_TTL = 64;

  private final Map<String, FilterBinding<?>> bindings;
  /** Each plugin's place in the registry, from 0: see {@link PreparedFilter#number}. */
  private final Map<String, Integer> numbers;
  private final long ttlNanos;
  private final long touchNanos;
  private final int maxEntries;
  private final long maxBytes;
  private final LongSupplier nanoClock;
  private final TokenSource tokens;
  /** What observers need fetched in every response phase that runs a filter. */
  private final FetchPlan observerResponseFetch;
  private final TokenTable byToken = new TokenTable();
  /** The chain last prepared for each PrepareConf key; guarded by this. */
  private final Map<String, PreparedChain> byKey = new HashMap<>();
  /** Conf text held by the chains in {@link #byToken}; guarded by this. */
  private long bytes;
  /** Chains evicted so far; guarded by this. */
  private long evicted;
  /** Chains removed once unused for the TTL so far; guarded by this. */
  private long expired;

  public ConfCache(
      FilterRegistry registry, long ttlNanos, LongSupplier nanoClock, TokenSource tokens) {
    this(registry, ttlNanos, Integer.MAX_VALUE, Long.MAX_VALUE, nanoClock, tokens);
  }

  public ConfCache(
      FilterRegistry registry,
      long ttlNanos,
      int maxEntries,
      long maxBytes,
      LongSupplier nanoClock,
      TokenSource tokens) {
    this(registry, ttlNanos, maxEntries, maxBytes, nanoClock, tokens, FetchPlan.NONE);
  }

  /**
   * @param observerResponseFetch the variables filter observers read in the response phase,
   *     fetched with every chain's response filters
   */
  public ConfCache(
      FilterRegistry registry,
      long ttlNanos,
      int maxEntries,
      long maxBytes,
      LongSupplier nanoClock,
      TokenSource tokens,
      FetchPlan observerResponseFetch) {
    Map<String, FilterBinding<?>> byName = new LinkedHashMap<>();
    for (FilterBinding<?> binding : registry.filters()) {
      if (byName.put(binding.name(), binding) != null) {
        throw new IllegalArgumentException(
            "two filters of the registry are named \"" + binding.name() + "\"");
      }
    }
    this.bindings = Map.copyOf(byName);
    Map<String, Integer> numbered = new HashMap<>();
    for (String name : byName.keySet()) {
      numbered.put(name, numbered.size());
    }
    this.numbers = Map.copyOf(numbered);
    this.ttlNanos = ttlNanos;
    this.touchNanos = Math.max(1, Math.min(1_000_000_000L, ttlNanos / TOUCHES_PER_TTL));
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.nanoClock = nanoClock;
    this.tokens = tokens;
    this.observerResponseFetch = observerResponseFetch;
  }

  /**
   * Whether preparing this conf may block: some plugin of it has a blocking phase, so its state
   * (a {@code @Prepared} constructor) may do I/O too. Such confs are prepared off the event loop.
   */
  public boolean preparesBlocking(PrepareConf request) {
    for (ConfEntry entry : request.conf()) {
      FilterBinding<?> binding = bindings.get(entry.name());
      if (binding != null
          && (binding.onRequestExecution() == Execution.BLOCKING
              || binding.onResponseExecution() == Execution.BLOCKING)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Prepares the chain of a PrepareConf, or returns the cached one when APISIX sends the same key
   * with the same conf again, state included. Safe from any thread.
   *
   * @throws ConfException naming the plugin whose name or conf is unusable
   */
  public PreparedChain prepare(PrepareConf request) {
    PreparedChain cached = cachedFor(request);
    if (cached != null) {
      return cached;
    }
    List<PreparedFilter<?>> filters = new ArrayList<>(request.conf().size());
    try {
      for (ConfEntry entry : request.conf()) {
        FilterBinding<?> binding = bindings.get(entry.name());
        if (binding == null) {
          throw new UnknownPluginException(
              "unknown plugin \"" + entry.name() + "\"; this runner has " + knownNames());
        }
        filters.add(prepare(binding, entry.value(), numbers.get(entry.name())));
      }
    } catch (RuntimeException e) {
      // The plugins before the failing one were prepared: their state goes too.
      PreparedChain.closeAll(filters);
      throw e;
    }
    PreparedChain published;
    boolean won;
    List<PreparedChain> evictedNow = List.of();
    synchronized (this) {
      long now = nanoClock.getAsLong();
      // Another connection may have prepared the same key meanwhile: keep one token per key.
      PreparedChain raced = cachedFor(request, now);
      won = raced == null;
      if (!won) {
        published = raced;
      } else {
        long token = tokens.next(byToken::contains);
        published = new PreparedChain(
                token, request.key(), request.conf(), filters, observerResponseFetch, now);
        byToken.put(published);
        bytes += published.confBytes;
        if (request.key() != null) {
          byKey.put(request.key(), published);
        }
        evictedNow = evictOverBounds();
      }
    }
    if (won) {
      closeAll(evictedNow);
    } else {
      PreparedChain.closeAll(filters);
    }
    return published;
  }

  private synchronized @Nullable PreparedChain cachedFor(PrepareConf request) {
    return cachedFor(request, nanoClock.getAsLong());
  }

  /** The live chain of the request's key; guarded by this, so that a sweep cannot interleave. */
  private @Nullable PreparedChain cachedFor(PrepareConf request, long now) {
    String key = request.key();
    if (key == null) {
      return null;
    }
    PreparedChain chain = byKey.get(key);
    if (chain == null || expired(chain, now) || !chain.conf.equals(request.conf())) {
      return null;
    }
    chain.touch(now, touchNanos);
    return chain;
  }

  private static <P extends @Nullable Object> PreparedFilter<P> prepare(
      FilterBinding<P> binding, String conf, int number) {
    try {
      return new PreparedFilter<>(binding, binding.prepare(conf), number);
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
  public @Nullable PreparedChain lookup(long token) {
    PreparedChain chain = byToken.get(token);
    if (chain == null) {
      return null;
    }
    long now = nanoClock.getAsLong();
    if (expired(chain, now)) {
      return null;
    }
    chain.touch(now, touchNanos);
    return chain;
  }

  /** Frees the expired chains, closing their state; returns how many. */
  public int sweep() {
    List<PreparedChain> removed;
    synchronized (this) {
      // Both maps change under one lock: a PrepareConf never gets a token already removed.
      long now = nanoClock.getAsLong();
      removed = byToken.removeIf(chain -> expired(chain, now));
      forget(removed);
      expired += removed.size();
    }
    closeAll(removed);
    return removed.size();
  }

  /** Empties the cache at stop, closing every chain's state. */
  public void closeAll() {
    List<PreparedChain> removed;
    synchronized (this) {
      removed = byToken.removeIf(chain -> true);
      forget(removed);
    }
    closeAll(removed);
  }

  /** Removes the least recently used chains while a bound is exceeded; guarded by this. */
  private List<PreparedChain> evictOverBounds() {
    if (byToken.size() <= maxEntries && bytes <= maxBytes) {
      return List.of();
    }
    // Down to 15/16 of the bounds, so that the next PrepareConfs do not sort the table again.
    long entryTarget = maxEntries - maxEntries / 16L;
    long byteTarget = maxBytes - maxBytes / 16;
    List<PreparedChain> oldestFirst = byToken.snapshot();
    oldestFirst.sort(Comparator.comparingLong(PreparedChain::lastUsedNanos));
    List<PreparedChain> victims = new ArrayList<>();
    long entries = oldestFirst.size();
    long held = bytes;
    for (PreparedChain chain : oldestFirst) {
      if (entries <= entryTarget && held <= byteTarget) {
        break;
      }
      victims.add(chain);
      entries--;
      held -= chain.confBytes;
    }
    byToken.removeIf(victims::contains);
    forget(victims);
    if (evicted == 0) {
      log.warn(
          "the conf cache is full ({} confs, {} bytes of conf text; --conf-cache-entries {},"
              + " --conf-cache-bytes {}): evicting the least recently used confs, which APISIX"
              + " then prepares again. Raise the bounds if APISIX really uses that many.",
          oldestFirst.size(),
          bytes + sumBytes(victims),
          maxEntries,
          maxBytes);
    }
    evicted += victims.size();
    return victims;
  }

  /** Drops removed chains from the key map and the byte count; guarded by this. */
  private void forget(List<PreparedChain> removed) {
    for (PreparedChain chain : removed) {
      bytes -= chain.confBytes;
      if (chain.key != null) {
        byKey.remove(chain.key, chain);
      }
    }
  }

  private static long sumBytes(List<PreparedChain> chains) {
    long sum = 0;
    for (PreparedChain chain : chains) {
      sum += chain.confBytes;
    }
    return sum;
  }

  private static void closeAll(List<PreparedChain> chains) {
    for (PreparedChain chain : chains) {
      chain.close();
    }
  }

  public int size() {
    return byToken.size();
  }

  /** Conf text held, in characters. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Chains evicted to keep within the bounds, since the start. */
  public synchronized long evicted() {
    return evicted;
  }

  /** Chains removed after going unused for the TTL, since the start. */
  public synchronized long expired() {
    return expired;
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
