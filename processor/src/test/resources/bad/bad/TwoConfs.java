package bad;

import dev.a6.annotation.Filter;

class TwoConfs {
  record Conf(String body) {}

  @Filter("say")
  static void filter(Conf conf,
      String raw) {} // error here
}
