package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Prepared;

class PreparedConstructor {
  static final class State {
    State(int size) {}
  }

  @Filter("say")
  static void filter(@Prepared State state) {} // error here
}
