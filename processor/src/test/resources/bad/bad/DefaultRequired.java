package bad;

import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Required;

class DefaultRequired {
  record Conf(@Required @Default("1") int count) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
