package bad;

import dev.a6.annotation.Body;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Var;

class TwoAnnotations {
  @Filter("say")
  static void filter(@Var("x") @Body String value) {} // error here
}
