package bad;

import dev.a6.annotation.Filter;
import dev.a6.annotation.Key;

class DuplicateKey {
  record Conf(String httpStatus,
      @Key("http_status") String status) {} // error here

  @Filter("say")
  static void filter(Conf conf) {}
}
