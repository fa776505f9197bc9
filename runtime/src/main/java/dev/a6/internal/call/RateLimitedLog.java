package dev.a6.internal.call;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Decides which repeated log lines to write. APISIX re-sends a failing PrepareConf on every
 * request, and a broken filter fails every call: one line per cause and interval tells the
 * operator as much as thousands would, and the count of the ones left out keeps the volume known.
 */
public final class RateLimitedLog {
  private static final int MAX_KEYS = 1024;

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    long startNanos;
    long suppressed;

    Window(long startNanos) {
      this.startNanos = startNanos;
    }
  }

  public RateLimitedLog(long intervalNanos, LongSupplier nanoClock) {
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * Whether to write the line for {@code key} now.
   *
   * @return -1 to leave it out; otherwise how many lines for the key were left out before it
   */
  public long permit(String key) {
    long now = nanoClock.getAsLong();
    if (windows.size() >= MAX_KEYS) {
      windows.clear();
    }
    Window window = windows.computeIfAbsent(key, k -> new Window(now - intervalNanos));
    synchronized (window) {
      if (now - window.startNanos >= intervalNanos) {
        long suppressed = window.suppressed;
        window.startNanos = now;
        window.suppressed = 0;
        return suppressed;
      }
      window.suppressed++;
      return -1;
    }
  }

  /** Writes {@code line} as a warning unless lines for {@code key} are being left out. */
  void warn(Logger log, String key, String line) {
    long suppressed = permit(key);
    if (suppressed >= 0) {
      log.warn("{}{}", line, suppressedSuffix(suppressed));
    }
  }

  /** A suffix for a line that follows {@code suppressed} left-out ones. */
  public static String suppressedSuffix(long suppressed) {
    return suppressed == 0 ? "" : " (" + suppressed + " similar lines left out)";
  }
}
