package bad;

import dev.a6.UpstreamResponse;
import dev.a6.annotation.Filter;

class PhasesInTwoClasses {
  @Filter("say")
  static void request() {}

  static final class Other {
    @Filter("say")
    static void response(UpstreamResponse response) {} // error here
  }
}
