package dev.a6.internal.metrics;

import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Filter runs by series (a plugin in a phase): how many ended in each outcome, how many fell in
 * each time bucket, and their total time. Each thread that runs filters (an event loop, a blocking
 * worker) counts into an array of its own, with plain single-writer stores and no atomic
 * instruction; a scrape adds the arrays up. That keeps a run's counting to a few stores into one
 * or two cache lines the thread already owns.
 *
 * <p>Stores and the scrape's loads are opaque: a scrape sees every count whole, possibly a few
 * runs behind. The arrays of threads that ended are folded into one at a scrape, so a pool whose
 * threads come and go does not make the list grow.
 */
final class FilterCounts {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

  /** Total nanoseconds of the series' runs. */
  static final int NANOS = 0;
  /** First of the outcome counts, by outcome ordinal. */
  static final int OUTCOMES = 1;

  private final long[] bucketNanos;
  /** First of the bucket counts: runs by time bucket, not cumulative, the last over every bound. */
  private final int buckets;
  /** Longs per series. */
  private final int stride;
  private final int length;

  private final FastThreadLocal<long[]> local =
      new FastThreadLocal<>() {
        @Override
        protected long[] initialValue() {
          long[] counts = new long[length];
          synchronized (FilterCounts.this) {
            live.add(new Owned(Thread.currentThread(), counts));
          }
          return counts;
        }
      };

  /** The arrays of threads that counted, while they run; guarded by this. */
  private final List<Owned> live = new ArrayList<>();
  /** What threads that ended counted; guarded by this. */
  private final long[] retired;

  private record Owned(Thread thread, long[] counts) {}

  /**
   * @param series how many series (plugins times phases)
   * @param outcomes how many outcomes a run can have
   * @param bucketNanos the upper bounds of the time buckets, ascending
   */
  FilterCounts(int series, int outcomes, long[] bucketNanos) {
    this.bucketNanos = bucketNanos.clone();
    this.buckets = OUTCOMES + outcomes;
    this.stride = buckets + bucketNanos.length + 1;
    this.length = series * stride;
    this.retired = new long[length];
  }

  /** Counts one run of {@code series}; on the thread that ran it. */
  void record(int series, int outcome, long nanos) {
    long[] counts = local.get();
    int base = series * stride;
    add(counts, base + NANOS, nanos);
    add(counts, base + OUTCOMES + outcome, 1);
    // Linear from the smallest bound: most runs fall in the first few buckets.
    int bucket = 0;
    while (bucket < bucketNanos.length && nanos > bucketNanos[bucket]) {
      bucket++;
    }
    add(counts, base + buckets + bucket, 1);
  }

  /** This thread is the array's only writer: a plain read and an opaque store lose nothing. */
  private static void add(long[] counts, int slot, long amount) {
    SLOT.setOpaque(counts, slot, (long) SLOT.getOpaque(counts, slot) + amount);
  }

  /** Every thread's counts added up, by slot; see {@link #slot}. */
  synchronized long[] snapshot() {
    long[] total = retired.clone();
    for (Iterator<Owned> owners = live.iterator(); owners.hasNext(); ) {
      Owned owned = owners.next();
      // A thread seen ended has made its last store visible (JLS 17.4.5): fold it in for good.
      boolean ended = !owned.thread().isAlive();
      for (int i = 0; i < length; i++) {
        long count = (long) SLOT.getOpaque(owned.counts(), i);
        total[i] += count;
        if (ended) {
          retired[i] += count;
        }
      }
      if (ended) {
        owners.remove();
      }
    }
    return total;
  }

  /** Where in a snapshot a series' slot is: {@link #NANOS}, an outcome or a bucket. */
  int slot(int series, int offset) {
    return series * stride + offset;
  }

  /** The offset of the first bucket count in a series. */
  int bucketOffset() {
    return buckets;
  }
}
