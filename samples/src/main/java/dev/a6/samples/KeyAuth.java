package dev.a6.samples;

import dev.a6.HttpRequest;
import dev.a6.HttpResponse;
import dev.a6.annotation.Default;
import dev.a6.annotation.Filter;
import dev.a6.annotation.Required;
import java.util.Set;

/**
 * {@code key-auth}: lets through requests that carry one of the configured keys in a header, and
 * removes the header before the request goes upstream.
 */
final class KeyAuth {
  private KeyAuth() {}

  /**
   * @param header the header that carries the key
   * @param keys the keys accepted, at least one
   */
  record KeyAuthConf(@Default("x-api-key") String header, @Required Set<String> keys) {
    KeyAuthConf {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("keys must name at least one key");
      }
      if (header.isEmpty()) {
        throw new IllegalArgumentException("header must not be empty");
      }
    }
  }

  @Filter("key-auth")
  static void keyAuth(KeyAuthConf conf, HttpRequest request, HttpResponse response) {
    String key = request.header(conf.header());
    if (key == null || !conf.keys().contains(key)) {
      response.setHeader("Content-Type", "text/plain; charset=utf-8");
      response.stop(401, key == null ? "missing API key\n" : "invalid API key\n");
      return;
    }
    request.removeHeader(conf.header());
  }
}
