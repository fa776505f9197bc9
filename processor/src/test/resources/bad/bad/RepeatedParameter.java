package bad;

import dev.a6.HttpRequest;
import dev.a6.annotation.Filter;

class RepeatedParameter {
  @Filter("say")
  static void filter(HttpRequest first,
      HttpRequest second) {} // error here
}
