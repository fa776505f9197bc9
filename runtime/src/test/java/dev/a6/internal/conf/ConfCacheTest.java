package dev.a6.internal.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.ConfException;
import dev.a6.internal.apisix.TestBindings;
import dev.a6.internal.wire.Messages.ConfEntry;
import dev.a6.internal.wire.Messages.PrepareConf;
import dev.a6.spi.FilterBinding.Execution;
import dev.a6.spi.FilterBinding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The conf cache alone: reuse by key, expiry, bounds, and the life of prepared state. */
class ConfCacheTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong clock = new AtomicLong(SECOND);
  /** Every state built, in order; each counts its closes. */
  private final List<State> states = Collections.synchronizedList(new ArrayList<>());

  /** A {@code @Prepared}-like state that may be closed. */
  final class State implements AutoCloseable {
    final String conf;
    final AtomicInteger closes = new AtomicInteger();

    State(String conf) {
      this.conf = conf;
      states.add(this);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** A plugin whose prepared conf is a closeable state; the conf "bad" is refused. */
  private FilterBinding<State> plugin(String name, CountDownLatch... gates) {
    return new FilterBinding<>(name, Execution.EVENT_LOOP, Execution.NONE) {
      @Override
      public State prepare(String conf) {
        if (conf.equals("bad")) {
          throw new ConfException("$: bad conf");
        }
        State state = new State(conf);
        for (CountDownLatch gate : gates) {
          gate.countDown();
          try {
            gate.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return state;
      }
    };
  }

  private ConfCache cache(
      long ttlNanos, int maxEntries, long maxBytes, FilterBinding<?>... plugins) {
    return new ConfCache(
        TestBindings.registry(plugins),
        ttlNanos,
        maxEntries,
        maxBytes,
        clock::get,
        new TokenSource(System::currentTimeMillis));
  }

  private static PrepareConf conf(String key, String... nameValuePairs) {
    List<ConfEntry> entries = new ArrayList<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      entries.add(new ConfEntry(nameValuePairs[i], nameValuePairs[i + 1]));
    }
    return new PrepareConf(entries, key);
  }

  @Test
  void aRepeatedKeyReturnsTheCachedChainAndItsState() {
    ConfCache cache = cache(10 * SECOND, 100, 1 << 20, plugin("p"));
    PreparedChain first = cache.prepare(conf("route#1", "p", "a"));
    PreparedChain again = cache.prepare(conf("route#1", "p", "a"));
    assertThat(again).isSameAs(first);
    assertThat(states).hasSize(1);
    assertThat(states.get(0).closes).hasValue(0);

    PreparedChain changed = cache.prepare(conf("route#1", "p", "b"));
    assertThat(changed.token).isNotEqualTo(first.token);
    assertThat(cache.lookup(first.token))
        .as("the old token lives until it expires")
        .isSameAs(first);
  }

  @Test
  void stateIsClosedOnceWhenTheChainExpires() {
    ConfCache cache = cache(10 * SECOND, 100, 1 << 20, plugin("p"));
    PreparedChain chain = cache.prepare(conf("route#1", "p", "a"));
    clock.addAndGet(11 * SECOND);
    assertThat(cache.sweep()).isEqualTo(1);
    assertThat(cache.sweep()).isZero();
    cache.closeAll();
    chain.close();
    assertThat(states.get(0).closes).hasValue(1);
    assertThat(cache.lookup(chain.token)).isNull();
  }

  @Test
  void stateIsClosedAtStop() {
    ConfCache cache = cache(10 * SECOND, 100, 1 << 20, plugin("p"), plugin("q"));
    cache.prepare(conf("route#1", "p", "a", "q", "b"));
    cache.prepare(conf(null, "p", "c"));
    cache.closeAll();
    assertThat(states).hasSize(3).allSatisfy(state -> assertThat(state.closes).hasValue(1));
    assertThat(cache.size()).isZero();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void stateOfPluginsBeforeABadConfIsClosed() {
    ConfCache cache = cache(10 * SECOND, 100, 1 << 20, plugin("p"), plugin("q"));
    assertThatThrownBy(() -> cache.prepare(conf("route#1", "p", "a", "q", "bad")))
        .isInstanceOf(ConfException.class)
        .hasMessage("q: $: bad conf");
    assertThat(states).hasSize(1);
    assertThat(states.get(0).closes).hasValue(1);
    assertThat(cache.size()).isZero();
  }

  @Test
  void theLoserOfARaceForOneKeyHasItsStateClosed() throws Exception {
    // Both PrepareConfs build their state before either publishes: one chain wins.
    CountDownLatch bothBuilding = new CountDownLatch(2);
    ConfCache cache = cache(10 * SECOND, 100, 1 << 20, plugin("p", bothBuilding));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<PreparedChain> a = threads.submit(() -> cache.prepare(conf("route#1", "p", "x")));
      Future<PreparedChain> b = threads.submit(() -> cache.prepare(conf("route#1", "p", "x")));
      PreparedChain winner = a.get(5, TimeUnit.SECONDS);
      assertThat(b.get(5, TimeUnit.SECONDS)).as("one token per key").isSameAs(winner);
    } finally {
      threads.shutdownNow();
    }
    assertThat(states).hasSize(2);
    assertThat(states).filteredOn(state -> state.closes.get() == 1).hasSize(1);
    assertThat(states).filteredOn(state -> state.closes.get() == 0).hasSize(1);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aTokenInSteadyUseNeverExpiresWithAShortTtl() {
    // APISIX_CONF_EXPIRE_TIME=1: chains live 1.2 s after their last use.
    ConfCache cache = cache(1200 * SECOND / 1000, 100, 1 << 20, plugin("p"));
    PreparedChain chain = cache.prepare(conf("route#1", "p", "a"));
    for (int i = 0; i < 20; i++) {
      clock.addAndGet(SECOND / 2);
      assertThat(cache.lookup(chain.token)).as("use %d, every 0.5 s", i).isSameAs(chain);
      cache.sweep();
    }
    clock.addAndGet(1300 * SECOND / 1000);
    assertThat(cache.lookup(chain.token)).isNull();
  }

  @Test
  void theLeastRecentlyUsedConfsGoPastTheEntryBound() {
    ConfCache cache = cache(100 * SECOND, 16, 1 << 20, plugin("p"));
    List<PreparedChain> chains = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      chains.add(cache.prepare(conf("route#" + i, "p", "v" + i)));
      clock.addAndGet(SECOND);
    }
    cache.lookup(chains.get(0).token); // now the most recently used
    clock.addAndGet(SECOND);
    PreparedChain newest = cache.prepare(conf("route#new", "p", "new"));

    assertThat(cache.size()).isLessThanOrEqualTo(15);
    assertThat(cache.evicted()).isPositive();
    assertThat(cache.lookup(newest.token)).isSameAs(newest);
    assertThat(cache.lookup(chains.get(0).token)).isSameAs(chains.get(0));
    assertThat(cache.lookup(chains.get(1).token)).as("least recently used").isNull();
    assertThat(states.get(1).closes).hasValue(1);
    assertThat(states.get(0).closes).hasValue(0);
  }

  @Test
  void theLeastRecentlyUsedConfsGoPastTheByteBound() {
    ConfCache cache = cache(100 * SECOND, 1000, 1000, plugin("p"));
    String large = "x".repeat(299);
    List<PreparedChain> chains = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      chains.add(cache.prepare(conf("route#" + i, "p", large)));
      clock.addAndGet(SECOND);
    }
    assertThat(cache.bytes()).isLessThanOrEqualTo(1000);
    assertThat(cache.lookup(chains.get(0).token)).isNull();
    assertThat(cache.lookup(chains.get(3).token)).isSameAs(chains.get(3));
    assertThat(states.get(0).closes).hasValue(1);
  }
}
