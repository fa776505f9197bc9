package bad;

import dev.a6.annotation.Filter;

class InnerClass {
  final class Inner {
    @Filter("say")
    void filter() {} // error here
  }
}
