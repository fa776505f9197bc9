package bad;

import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;
import java.util.List;

class DefaultSyntax {
  record Conf(@Default("{") List<String> names) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
