package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Var;

class ManyErrors {
  @Filter("")
  static void first() {}

  @Filter("second")
  private static void second() {}

  @Filter("third")
  static void third(@Var("x") int x) {}
}
