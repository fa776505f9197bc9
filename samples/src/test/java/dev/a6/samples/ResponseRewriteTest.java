package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.FilterTester;
import dev.a6.FilterTester.Header;
import dev.a6.FilterTester.Upstream;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ResponseRewriteTest {
  private static final Consumer<Upstream> UPSTREAM =
      u ->
          u.status(200)
              .header("Content-Type", "text/plain")
              .header("Content-Length", "11")
              .header("Set-Cookie", "a=1")
              .header("Set-Cookie", "b=2")
              .body("hello hello");

  private static FilterTester rewrite(String conf) {
    return FilterTester.of().conf("response-rewrite", conf);
  }

  @Test
  void setsStatusAndHeadersAndKeepsTheOtherUpstreamHeaders() {
    var result =
        rewrite("{\"status\": 403, \"headers\": {\"X-Extra\": \"1\"}}").response(UPSTREAM);
    assertThat(result.status()).isEqualTo(403);
    assertThat(result.headers())
        .containsExactly(
            new Header("Content-Type", "text/plain"),
            new Header("Set-Cookie", "a=1"),
            new Header("Set-Cookie", "b=2"),
            new Header("X-Resp-A6-Runner", "Java"),
            new Header("X-Extra", "1"));
    assertThat(result.bodyChanged()).isFalse();
    assertThat(result.fetchedBody()).as("no filters, no need for the body").isFalse();
  }

  @Test
  void aStatusOfZeroKeepsTheUpstreams() {
    var result = rewrite("{}").response(UPSTREAM);
    assertThat(result.statusChanged()).isFalse();
    assertThat(result.header("x-resp-a6-runner")).isEqualTo("Java");
  }

  @Test
  void withoutFiltersTheBodyReplacesTheUpstreams() {
    var result = rewrite("{\"body\": \"replaced\"}").response(UPSTREAM);
    assertThat(result.bodyText()).isEqualTo("replaced");
    assertThat(result.fetchedBody()).isFalse();
  }

  @Test
  void filtersReplaceTheFirstOrEveryMatch() {
    var once = rewrite("{\"filters\": [{\"regex\": \"hello\", \"replace\": \"world\"}]}").response(UPSTREAM);
    assertThat(once.bodyText()).isEqualTo("world hello");
    assertThat(once.fetchedBody()).isTrue();
    var global =
        rewrite("{\"filters\": [{\"regex\": \"h(el)lo\", \"scope\": \"global\", \"replace\": \"$1\"}]}")
            .response(UPSTREAM);
    assertThat(global.bodyText()).isEqualTo("el el");
    var chained =
        rewrite(
                "{\"body\": \"ignored with filters\", \"filters\": ["
                    + "{\"regex\": \"hello\", \"scope\": \"once\", \"replace\": \"a\"},"
                    + "{\"regex\": \"hello\", \"replace\": \"b\"}]}")
            .response(UPSTREAM);
    assertThat(chained.bodyText()).isEqualTo("a b");
  }

  @Test
  void noMatchLeavesTheBody() {
    var result = rewrite("{\"filters\": [{\"regex\": \"absent\", \"replace\": \"x\"}]}").response(UPSTREAM);
    assertThat(result.bodyChanged()).isFalse();
    assertThat(result.bodyText()).isEqualTo("hello hello");
    assertThat(result.headersChanged()).isTrue();
  }

  @Test
  void confErrors() {
    assertThatThrownBy(() -> rewrite("{\"filters\": [{\"regex\": \"(open\"}]}"))
        .hasMessage(
            "response-rewrite: $.filters[0]: regex does not compile: Unclosed group near index 5");
    assertThatThrownBy(() -> rewrite("{\"filters\": [{\"replace\": \"x\"}]}"))
        .hasMessage("response-rewrite: $.filters[0]: missing required key \"regex\"");
    assertThatThrownBy(() -> rewrite("{\"status\": 42}"))
        .hasMessage("response-rewrite: $: status must be from 100 to 599, or 0 to keep it");
    assertThatThrownBy(() -> rewrite("{\"headers\": {\"X-A\": 1}}"))
        .hasMessage("response-rewrite: $.headers.X-A: expected string, got integer");
  }
}
