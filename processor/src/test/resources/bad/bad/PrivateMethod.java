package bad;

import dev.a6.annotation.Filter;

class PrivateMethod {
  @Filter("say")
  private static void filter() {} // error here
}
