package bad;

import dev.a6.annotation.Body;
import dev.a6.annotation.Filter;

class BodyType {
  @Filter("say")
  static void filter(@Body char[] body) {} // error here
}
