package dev.a6.internal.call;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** Asks APISIX for one piece of extra information during a call (an ExtraInfo round trip). */
interface Fetcher {
  /**
   * @param infoType {@code Info.Var}, {@code Info.ReqBody} or {@code Info.RespBody}
   * @param var the variable name, for {@code Info.Var}
   * @return the result bytes, {@code null} when APISIX sent none; completes on the chain's thread,
   *     after the result is recorded in the call's {@link Fetched}
   */
  CompletionStage<byte @Nullable []> fetch(int infoType, @Nullable String var);
}
