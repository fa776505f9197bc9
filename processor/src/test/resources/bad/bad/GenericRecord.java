package bad;

import dev.a6.annotation.Filter;

class GenericRecord {
  record Conf<T>(T value) {} // error here

  @Filter("say")
  static void filter(Conf<String> conf) {}
}
