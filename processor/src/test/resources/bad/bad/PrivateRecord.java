package bad;

import dev.a6.annotation.Filter;

class PrivateRecord {
  private record Conf(String a) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
