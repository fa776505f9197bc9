package dev.a6.samples;

import dev.a6.HttpRequest;
import dev.a6.Prefetch;
import dev.a6.annotation.Filter;
import java.util.Collection;
import java.util.Map;

/**
 * {@code var-to-header}: copies nginx/APISIX variables into request headers, such as {@code
 * {"headers": {"X-Client-Addr": "remote_addr"}}}. The variables come from the conf, so the plugin
 * asks for them through {@link Prefetch}: they are fetched before it runs, in one round trip.
 */
final class VarToHeader {
  private VarToHeader() {}

  /**
   * @param headers header name → variable name (without {@code $})
   */
  record VarConf(Map<String, String> headers) implements Prefetch {
    VarConf {
      headers.forEach(
          (header, var) -> {
            if (header.isEmpty() || !header.chars().allMatch(VarConf::tokenChar)) {
              throw new IllegalArgumentException("header names must be HTTP tokens: " + header);
            }
            if (var.isEmpty() || var.startsWith("$")) {
              throw new IllegalArgumentException(
                  "variable names are written without $ and are not empty (header " + header + ")");
            }
          });
    }

    private static boolean tokenChar(int c) {
      return c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    @Override
    public Collection<String> prefetchVars() {
      return headers.values();
    }
  }

  @Filter("var-to-header")
  static void copy(VarConf conf, HttpRequest request) {
    conf.headers()
        .forEach(
            (header, var) -> {
              String value = request.var(var);
              if (value == null) {
                request.removeHeader(header);
              } else {
                request.setHeader(header, value);
              }
            });
  }
}
