package dev.a6.samples;

import dev.a6.FilterContext;
import dev.a6.HttpResponse;
import dev.a6.annotation.Filter;
import dev.a6.annotation.IgnoreUnknownKeys;
import dev.a6.annotation.Prepared;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * {@code limit-req}: a token bucket per route. Requests within the rate pass at once; a burst
 * waits its turn, up to {@code burst / rate} seconds; anything beyond gets 503.
 */
final class LimitReq {
  private LimitReq() {}

  /**
   * The longest any request waits: below APISIX's 60-second read timeout, so that a delayed
   * request is answered before APISIX gives up on the runner.
   */
  static final Duration MAX_DELAY = Duration.ofSeconds(55);

  /**
   * @param rate requests per second, refilling the bucket; 0 refills nothing
   * @param burst the bucket's size: how many requests may arrive at once; 0 admits nothing
   */
  @IgnoreUnknownKeys // as the Go runner's example, which ignores other keys
  record LimitConf(double rate, int burst) {
    LimitConf {
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("rate must be a number of requests per second >= 0");
      }
      if (burst < 0) {
        throw new IllegalArgumentException("burst must be >= 0");
      }
    }
  }

  /**
   * The bucket of one prepared conf, shared by every connection, hence synchronized. Starts full,
   * like Go's {@code rate.Limiter}; a request takes a token, borrowing against the refill when the
   * bucket is empty, and waits until the borrowed token has been refilled.
   */
  static final class TokenBucket {
    private final double ratePerNano;
    private final int burst;
    private final long maxWaitNanos;
    private double tokens;
    private long last = Long.MIN_VALUE;

    TokenBucket(LimitConf conf) {
      this.ratePerNano = conf.rate() / 1e9;
      this.burst = conf.burst();
      this.tokens = conf.burst();
      this.maxWaitNanos =
          conf.rate() == 0
              ? 0
              : (long) Math.min(conf.burst() / conf.rate() * 1e9, MAX_DELAY.toNanos());
    }

    /** How long the request must wait, or -1 if it cannot be admitted. */
    synchronized long take(long now) {
      if (last != Long.MIN_VALUE) {
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
      }
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      if (ratePerNano == 0) {
        return -1;
      }
      long wait = (long) Math.ceil((1 - tokens) / ratePerNano);
      if (wait > maxWaitNanos) {
        return -1;
      }
      tokens -= 1;
      return wait;
    }
  }

  @Filter("limit-req")
  static CompletionStage<Void> limit(
      @Prepared TokenBucket bucket, FilterContext context, HttpResponse response) {
    long wait = bucket.take(context.nanoTime());
    if (wait < 0) {
      response.stop(503);
      return context.delay(Duration.ZERO);
    }
    return context.delay(Duration.ofNanos(wait));
  }
}
