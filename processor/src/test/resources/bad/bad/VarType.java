package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Var;

class VarType {
  @Filter("say")
  static void filter(@Var("remote_addr") int address) {} // error here
}
