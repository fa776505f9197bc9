package bad;

import dev.a6.annotation.Filter;

class UnsupportedParameter {
  @Filter("say")
  static void filter(int count) {} // error here
}
