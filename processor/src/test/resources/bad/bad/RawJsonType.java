package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.RawJson;

class RawJsonType {
  record Conf(@RawJson int value) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
