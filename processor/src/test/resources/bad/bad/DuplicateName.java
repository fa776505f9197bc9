package bad;

import dev.a6.annotation.Filter;

class DuplicateName {
  @Filter("say")
  static void first() {}

  static final class Other {
    @Filter("say") // error here
    static void second() {}
  }
}
