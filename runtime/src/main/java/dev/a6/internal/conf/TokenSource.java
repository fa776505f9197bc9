package dev.a6.internal.conf;

import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Mints conf tokens: uint32, never 0, and never one a restarted runner handed out recently.
 *
 * <p>A token is the wall clock in milliseconds modulo 2^32, or the previous token plus one when
 * several are minted within a millisecond. A runner that restarts therefore continues from the
 * current time instead of from 1, so a token APISIX still caches from the previous process never
 * names another route's chain here. The values wrap every 2^32 ms (49.7 days), far beyond
 * APISIX's one-hour token cache; the guarantee holds as long as a runner mints fewer than 1000
 * tokens per second on average, which would put its counter ahead of the clock.
 */
public final class TokenSource {
  private static final long MASK = 0xFFFF_FFFFL;

  private final LongSupplier millis;
  private long last;

  public TokenSource(LongSupplier millis) {
    this.millis = millis;
    this.last = (millis.getAsLong() - 1) & MASK;
  }

  /** The next token for which {@code inUse} is false. */
  synchronized long next(LongPredicate inUse) {
    long now = millis.getAsLong() & MASK;
    // Compare as a 32-bit serial number, so that the wrap at 2^32 counts as moving forward.
    long candidate = (int) (now - last) > 0 ? now : (last + 1) & MASK;
    while (candidate == 0 || inUse.test(candidate)) {
      candidate = (candidate + 1) & MASK;
    }
    last = candidate;
    return candidate;
  }
}
