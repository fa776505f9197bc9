package hostile;

import dev.a6.FilterContext;
import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.UpstreamResponse;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Prepared;
import java.util.List;
import java.util.Map;

/**
 * Owner classes, confs and components named like what the generated code declares or imports:
 * the generated code must compile and call the right things all the same.
 */
final class Names {
  enum Kind {
    ONE,
    TWO
  }

  /** Components named like the parser's locals and the binding's parameters. */
  record Conf(
      List<Kind> element,
      List<Kind> kinds,
      String parser,
      String reader,
      String name,
      String value,
      Map<String, Kind> map,
      int conf,
      String prepared,
      String request,
      String response,
      String context,
      String parsed,
      String state,
      String instance,
      String result,
      String json,
      String path) {}

  record Prepared(String a) {}

  static final class State {
    State(Conf conf) {}
  }

  static final class Context {
    @Filter("hostile-context")
    void run(Conf conf, HttpRequest request, FilterContext context) {}
  }

  static final class Request {
    @Filter("hostile-request")
    void run(Conf conf, @dev.a6.annotation.Prepared State state, HttpRequest request) {}
  }

  static final class Response {
    @Filter("hostile-response")
    void run(Conf conf, HttpResponse response) {}

    @Filter("hostile-response")
    void upstream(Conf conf, UpstreamResponse response) {}
  }

  static final class Default {
    @Filter("hostile-default")
    void run(Prepared conf, HttpResponse response) {}
  }

  static final class Switch {
    @Filter("hostile-switch")
    void run(HttpRequest request) {}
  }

  static final class FilterBinding {
    @Filter("hostile-binding")
    void run(Conf conf, HttpResponse response) {}
  }

  /** Its binding class would be named FilterBinding, like the class it extends. */
  @Filter("filter")
  static void filter(Conf conf, HttpResponse response) {}

  /** Its binding class would be named PreparedBinding, holding a record named Prepared. */
  @Filter("prepared")
  static void prepared(Conf conf, @dev.a6.annotation.Prepared State state) {}

  static final class List2 {
    @Filter("hostile-list")
    void run(@dev.a6.annotation.Prepared State state, FilterContext context) {}
  }
}
