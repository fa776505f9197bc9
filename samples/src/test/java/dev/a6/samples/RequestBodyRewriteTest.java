package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.FilterTester;
import org.junit.jupiter.api.Test;

class RequestBodyRewriteTest {
  @Test
  void theUpstreamGetsTheNewBodyAndApisixItsLength() {
    var rewrite =
        FilterTester.of()
            .conf("request-body-rewrite", "{\"new_body\": \"héllo\"}")
            .request(r -> r.method("POST").header("content-length", "3").body("old"))
            .rewrite();
    assertThat(rewrite.bodyText()).isEqualTo("héllo");
    // APISIX sets content-length from the new body; an edit of it would make nginx wait for
    // that many bytes from the client.
    assertThat(rewrite.headers()).isEmpty();
    assertThat(rewrite.removedHeaders()).isEmpty();
  }

  @Test
  void anEmptyOrAbsentBodyChangesNothing() {
    for (String conf : new String[] {"{\"new_body\": \"\"}", "{}"}) {
      assertThat(
              FilterTester.of()
                  .conf("request-body-rewrite", conf)
                  .request(r -> r.body("kept"))
                  .passedUnchanged())
          .isTrue();
    }
  }
}
