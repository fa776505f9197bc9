package bad;

import dev.a6.annotation.Filter;
import java.util.Map;

class MapKey {
  record Conf(Map<Integer, String> byCode) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
