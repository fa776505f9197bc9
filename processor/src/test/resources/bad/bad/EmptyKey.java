package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Key;

class EmptyKey {
  record Conf(@Key("") String name) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
