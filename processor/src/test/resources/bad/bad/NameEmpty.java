package bad;

import dev.a6.annotation.Filter;

class NameEmpty {
  @Filter("") // error here
  static void filter() {}
}
