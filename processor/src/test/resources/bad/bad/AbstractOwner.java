package bad;

import dev.a6.annotation.Filter;

abstract class AbstractOwner {
  @Filter("say")
  void filter() {} // error here
}
