package bad;

import dev.a6.annotation.Filter;

class BadReturn {
  @Filter("say")
  static String filter() { // error here
    return "";
  }
}
