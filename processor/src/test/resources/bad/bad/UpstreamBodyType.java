package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.UpstreamBody;

class UpstreamBodyType {
  @Filter("say")
  static void filter(@UpstreamBody java.io.InputStream body) {} // error here
}
