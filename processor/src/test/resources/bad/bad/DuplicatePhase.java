package bad;

import dev.a6.HttpRequest;
import dev.a6.annotation.Filter;

class DuplicatePhase {
  @Filter("say")
  static void first(HttpRequest request) {}

  @Filter("say") // error here
  static void second(HttpRequest request) {}
}
