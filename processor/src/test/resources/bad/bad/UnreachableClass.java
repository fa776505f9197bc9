package bad;

import dev.a6.annotation.Filter;

class UnreachableClass {
  private static final class Hidden {
    @Filter("say")
    static void filter() {} // error here
  }
}
