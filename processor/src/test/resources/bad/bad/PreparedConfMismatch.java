package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Prepared;

class PreparedConfMismatch {
  record Conf(String a) {}

  record Other(String b) {}

  static final class State {
    State(Other other) {}
  }

  @Filter("say")
  static void filter(Conf conf, @Prepared State state) {} // error here
}
