package dev.a6.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A GET of a path on a local metrics endpoint, which must answer 200. */
record Get(String contentType, String body) {

  static Get of(int port, String path) throws IOException {
    HttpURLConnection http =
        (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
    try (InputStream in = http.getInputStream()) {
      assertThat(http.getResponseCode()).isEqualTo(200);
      return new Get(http.getContentType(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      http.disconnect();
    }
  }
}
