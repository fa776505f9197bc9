package bad;

import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;

class DefaultMismatch {
  record Conf(@Default("\"100\"") int percentage) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
