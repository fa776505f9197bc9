package dev.a6.internal.call;

import dev.a6.spi.FilterObserver.Outcome;
import dev.a6.spi.FilterObserver.Phase;

/**
 * What the runner counts about its RPCs, for metrics. Each method runs on the thread that saw the
 * event, often an event loop in the middle of a call: implementations must be quick and must not
 * block. {@link #NONE}, the default, does nothing and costs nothing once inlined.
 */
public interface RunnerEvents {
  RunnerEvents NONE = new RunnerEvents() {};

  /** Why a PrepareConf was answered with an Err. */
  enum ConfFailure {
    /** The frame could not be read as a PrepareConf. */
    MALFORMED,
    /** A plugin the runner does not have. */
    UNKNOWN_PLUGIN,
    /** A conf the plugin's parser refused. */
    BAD_CONF,
    /** The plugin's own preparation threw. */
    PREPARE_FAILED,
    /** The worker pool could not take a blocking chain's preparation. */
    POOL_FULL
  }

  /**
   * A filter ran. Called only when this is not {@link #NONE}.
   *
   * @param plugin the plugin's place in the runner's registry ({@code PreparedFilter.number})
   * @param nanos how long it took, its stage included
   */
  default void filterRan(int plugin, Phase phase, Outcome outcome, long nanos) {}

  /** A PrepareConf answered with a token. */
  default void confPrepared() {}

  /** A PrepareConf answered with an Err. */
  default void confFailed(ConfFailure reason) {}

  /** An Err sent to APISIX, with its {@code A6.Err.Code}. */
  default void errorReplied(int code) {}

  /** An ExtraInfo request sent to APISIX, with its {@code A6.ExtraInfo.Info} type. */
  default void extraInfoAsked(int infoType) {}
}
