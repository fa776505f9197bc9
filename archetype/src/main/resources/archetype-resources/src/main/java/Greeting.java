package ${package};

import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;

/**
 * {@code greeting}: a plugin of this runner. Requests without the header are answered here with
 * 401; the others go on upstream with a greeting header added.
 */
final class Greeting {
  private Greeting() {}

  /**
   * The plugin's conf, as APISIX sends it: {@code {"header": "x-user", "greeting": "Hello"}}.
   *
   * @param header the request header that names the user
   * @param greeting the words before the user's name
   */
  record GreetingConf(@Default("x-user") String header, @Default("Hello") String greeting) {}

  @Filter("greeting")
  static void greet(GreetingConf conf, HttpRequest request, HttpResponse response) {
    String user = request.header(conf.header());
    if (user == null || user.isBlank()) {
      response.stop(401, "who are you? send the " + conf.header() + " header\n");
      return;
    }
    request.setHeader("x-greeting", conf.greeting() + ", " + user);
  }
}
