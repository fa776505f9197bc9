package dev.a6.internal.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenSourceTest {

  @Test
  void tokensFollowTheClockAndNeverRepeat() {
    AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    TokenSource tokens = new TokenSource(millis::get);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      long token = tokens.next(t -> false);
      assertThat(seen.add(token)).isTrue();
      assertThat(token).isBetween(1L, 0xFFFF_FFFFL);
    }
    assertThat(seen).contains(1_700_000_000_000L & 0xFFFF_FFFFL);
  }

  @Test
  void aRestartedRunnerContinuesFromTheClock() {
    AtomicLong millis = new AtomicLong(5_000_000L);
    TokenSource before = new TokenSource(millis::get);
    long old = 0;
    for (int i = 0; i < 500; i++) {
      old = before.next(t -> false);
    }
    millis.addAndGet(3_000); // a restart takes a few seconds
    TokenSource after = new TokenSource(millis::get);
    assertThat(after.next(t -> false)).isGreaterThan(old);
  }

  @Test
  void zeroAndLiveTokensAreSkippedAcrossTheWrap() {
    AtomicLong millis = new AtomicLong((1L << 32) - 2);
    TokenSource tokens = new TokenSource(millis::get);
    assertThat(tokens.next(t -> false)).isEqualTo(0xFFFF_FFFEL);
    assertThat(tokens.next(t -> false)).isEqualTo(0xFFFF_FFFFL);
    assertThat(tokens.next(t -> t == 1)).as("0 is never a token, 1 is live").isEqualTo(2);
    millis.set(1L << 32); // the clock wraps to 0
    assertThat(tokens.next(t -> false)).isEqualTo(3);
  }
}
