package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Var;

class VarName {
  @Filter("say")
  static void filter(@Var("") String address) {} // error here
}
