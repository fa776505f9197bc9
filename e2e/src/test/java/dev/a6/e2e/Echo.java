package dev.a6.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway's echo upstream received, as it reports it: {@code {uri, request_uri, method,
 * args, headers, body}}. A repeated header or argument is a list; a flag argument is {@code true};
 * the body is {@code null} when there was none or when it was over 1 MiB.
 */
record Echo(String uri, String requestUri, String method, JsonNode args, JsonNode headers, String body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The echo of a response that must have come from the echo upstream. */
  static Echo of(Http.Response response) {
    assertThat(response.fromEcho()).as("answered by the echo upstream: %s", response).isTrue();
    try {
      JsonNode json = JSON.readTree(response.body());
      return new Echo(
          json.path("uri").asText(),
          json.path("request_uri").asText(),
          json.path("method").asText(),
          json.path("args"),
          json.path("headers"),
          json.path("body").isNull() ? null : json.path("body").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("not an echo: " + response, e);
    }
  }

  /** Every value of a request header the upstream received; names are lower case. */
  List<String> headers(String name) {
    return values(headers.get(name));
  }

  /** The single value of a header, or {@code null}; fails if it was repeated. */
  String header(String name) {
    List<String> values = headers(name);
    assertThat(values).as("values of header %s", name).hasSizeLessThanOrEqualTo(1);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a query argument; a flag argument is {@code "true"}. */
  List<String> args(String name) {
    return values(args.get(name));
  }

  private static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (node.isArray()) {
      node.forEach(value -> values.add(value.asText()));
    } else {
      values.add(node.asText());
    }
    return values;
  }
}
