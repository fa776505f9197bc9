package bad;

import dev.a6.annotation.Filter;

class NoConstructor {
  NoConstructor(int size) {}

  @Filter("say")
  void filter() {} // error here
}
