package bad;

import dev.a6.annotation.Filter;

class ComponentType {
  record Conf(String name,
      float ratio) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
