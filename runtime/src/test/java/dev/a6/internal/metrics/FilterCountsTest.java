package dev.a6.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterCountsTest {
  private static final long[] BOUNDS = {10, 100};

  @Test
  void threadsCountApartAndWhatEndedThreadsCountedStays() throws InterruptedException {
    FilterCounts counts = new FilterCounts(2, 4, BOUNDS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  counts.record(1, 2, 50);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    counts.record(0, 0, 5);
    for (int scrape = 0; scrape < 2; scrape++) { // the second after the ended threads were folded
      long[] total = counts.snapshot();
      assertThat(total[counts.slot(1, FilterCounts.OUTCOMES + 2)]).isEqualTo(40_000);
      assertThat(total[counts.slot(1, FilterCounts.NANOS)]).isEqualTo(2_000_000);
      assertThat(total[counts.slot(1, counts.bucketOffset() + 1)]).isEqualTo(40_000);
      assertThat(total[counts.slot(1, counts.bucketOffset())]).isZero();
      assertThat(total[counts.slot(0, counts.bucketOffset())]).isEqualTo(1);
      assertThat(total[counts.slot(0, FilterCounts.OUTCOMES)]).isEqualTo(1);
    }
  }

  @Test
  void aRunOverEveryBoundFallsInTheLastBucket() {
    FilterCounts counts = new FilterCounts(1, 4, BOUNDS);
    counts.record(0, 3, 101);
    counts.record(0, 3, 100);
    long[] total = counts.snapshot();
    assertThat(total[counts.slot(0, counts.bucketOffset() + 1)]).isEqualTo(1);
    assertThat(total[counts.slot(0, counts.bucketOffset() + 2)]).isEqualTo(1);
  }
}
