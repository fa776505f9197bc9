package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Prepared;

class PreparedType {
  interface State {}

  @Filter("say")
  static void filter(@Prepared State state) {} // error here
}
