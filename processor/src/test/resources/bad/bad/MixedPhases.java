package bad;

import dev.a6.HttpRequest;
import dev.a6.UpstreamResponse;
import dev.a6.annotation.Filter;

class MixedPhases {
  @Filter("say")
  static void filter(HttpRequest request,
      UpstreamResponse response) {} // error here
}
