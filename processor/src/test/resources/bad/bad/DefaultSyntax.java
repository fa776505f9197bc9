package bad;

import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;

class DefaultSyntax {
  record Conf(@Default("{") String name) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
