package dev.a6.internal.metrics;

/** The runner's state, read at each scrape rather than counted on the hot path. */
public interface RunnerState {
  /** Open connections from APISIX. */
  int connections();

  /** Connections with a call between its request and its reply. */
  int callsInFlight();

  /** Tasks waiting for a thread of the blocking worker pool. */
  int blockingQueued();

  /** Blocking worker threads running a chain. */
  int blockingActive();

  /** Prepared confs held. */
  int cachedConfs();

  /** Conf text the held confs hold, in characters. */
  long cachedConfBytes();

  /** Confs evicted to stay within the cache's bounds, since the start. */
  long evictedConfs();

  /** Confs dropped after going unused for their TTL, since the start. */
  long expiredConfs();
}
