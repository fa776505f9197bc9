package dev.a6.internal.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Prepared chains by token: lock-free lookups for every call, locked writes for the rare
 * PrepareConf. An open-addressing table keyed by the primitive token, so that a lookup boxes
 * nothing.
 */
final class TokenTable {
  private static final Object TOMBSTONE = new Object();

  private volatile AtomicReferenceArray<@Nullable Object> slots = new AtomicReferenceArray<>(64);
  /** Slots holding a chain or a tombstone; guarded by this. */
  private int used;
  /** Slots holding a chain; guarded by this. */
  private int live;

  @Nullable PreparedChain get(long token) {
    AtomicReferenceArray<@Nullable Object> table = slots;
    int mask = table.length() - 1;
    for (int i = hash(token) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      Object slot = table.get(i);
      if (slot == null) {
        return null;
      }
      if (slot != TOMBSTONE && ((PreparedChain) slot).token == token) {
        return (PreparedChain) slot;
      }
    }
    return null;
  }

  boolean contains(long token) {
    return get(token) != null;
  }

  synchronized void put(PreparedChain chain) {
    if ((used + 1) * 2 > slots.length()) {
      rehash(live + 1);
    }
    AtomicReferenceArray<@Nullable Object> table = slots;
    int mask = table.length() - 1;
    for (int i = hash(chain.token) & mask; ; i = (i + 1) & mask) {
      Object slot = table.get(i);
      if (slot == null || slot == TOMBSTONE) {
        if (slot == null) {
          used++;
        }
        table.set(i, chain);
        live++;
        return;
      }
      if (((PreparedChain) slot).token == chain.token) {
        table.set(i, chain);
        return;
      }
    }
  }

  /** Removes the chains {@code expired} accepts, returning them. */
  synchronized List<PreparedChain> removeIf(Predicate<PreparedChain> expired) {
    List<PreparedChain> removed = new ArrayList<>();
    AtomicReferenceArray<@Nullable Object> table = slots;
    for (int i = 0; i < table.length(); i++) {
      Object slot = table.get(i);
      if (slot != null && slot != TOMBSTONE && expired.test((PreparedChain) slot)) {
        table.set(i, TOMBSTONE);
        removed.add((PreparedChain) slot);
        live--;
      }
    }
    if (!removed.isEmpty() && used > 2 * live + 16) {
      rehash(live);
    }
    return removed;
  }

  /** The chains in the table now, in no order. */
  synchronized List<PreparedChain> snapshot() {
    List<PreparedChain> chains = new ArrayList<>(live);
    AtomicReferenceArray<@Nullable Object> table = slots;
    for (int i = 0; i < table.length(); i++) {
      Object slot = table.get(i);
      if (slot != null && slot != TOMBSTONE) {
        chains.add((PreparedChain) slot);
      }
    }
    return chains;
  }

    synchronized int size() {
    return live;
  }

  private void rehash(int needed) {
    int capacity = 64;
    while (capacity < needed * 4) {
      capacity <<= 1;
    }
    AtomicReferenceArray<@Nullable Object> old = slots;
    AtomicReferenceArray<@Nullable Object> table = new AtomicReferenceArray<>(capacity);
    int mask = capacity - 1;
    for (int j = 0; j < old.length(); j++) {
      Object slot = old.get(j);
      if (slot != null && slot != TOMBSTONE) {
        int i = hash(((PreparedChain) slot).token) & mask;
        while (table.get(i) != null) {
          i = (i + 1) & mask;
        }
        table.set(i, slot);
      }
    }
    used = live;
    slots = table;
  }

  private static int hash(long token) {
    // Tokens are consecutive clock values; spread them over the table.
    long h = token * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
