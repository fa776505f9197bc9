package bad;

import dev.a6.annotation.Filter;

class Unresolved {
  @Filter("say")
  static void filter(NoSuchConf conf) {} // error here
}
