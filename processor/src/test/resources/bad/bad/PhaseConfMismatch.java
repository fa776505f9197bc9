package bad;

import dev.a6.UpstreamResponse;
import dev.a6.annotation.Filter;

class PhaseConfMismatch {
  record Conf(String a) {}

  record Other(String b) {}

  @Filter("say")
  static void request(Conf conf) {}

  @Filter("say")
  static void response(Other conf, UpstreamResponse response) {} // error here
}
