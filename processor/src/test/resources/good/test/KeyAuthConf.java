package test;

import dev.a6.annotation.Default;
import dev.a6.annotation.Key;
import dev.a6.annotation.Required;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The conf of key-auth, with a component of each kind. */
public record KeyAuthConf(
    @Default("\"x-api-key\"") String header,
    @Required List<String> keys,
    Optional<Realm> realm,
    Map<String, List<Integer>> quotas,
    @Key("on-failure") Mode onFailure,
    @Default("[\"/health\"]") List<String> skipPaths) {

  public enum Mode {
    DENY,
    LOG
  }

  public record Realm(@Required String name, int priority) {}
}
