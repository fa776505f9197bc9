package bad;

import dev.a6.annotation.Filter;

class GenericMethod {
  @Filter("say")
  static <T> void filter() {} // error here
}
