package dev.a6.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.a6.ConfException;
import dev.a6.FilterTester;
import org.junit.jupiter.api.Test;

class SayTest {
  @Test
  void answersWithTheBody() {
    var result =
        FilterTester.of().conf("say", "{\"body\": \"hello\"}").request(r -> {});
    assertThat(result.stop().status()).isEqualTo(200);
    assertThat(result.stop().header("x-resp-a6-runner")).isEqualTo("Java");
    assertThat(result.stop().bodyText()).isEqualTo("hello");
  }

  @Test
  void anEmptyOrAbsentBodyDoesNothing() {
    for (String conf : new String[] {"{\"body\": \"\"}", "{}", ""}) {
      assertThat(FilterTester.of().conf("say", conf).request(r -> {}).passedUnchanged())
          .as(conf)
          .isTrue();
    }
  }

  @Test
  void takesTheGoRunnersConfAsIs() {
    var result =
        FilterTester.of()
            .conf("say", "{\"body\": \"hi\", \"note\": \"ignored, as the Go runner does\"}")
            .request(r -> {});
    assertThat(result.stop().bodyText()).isEqualTo("hi");
  }

  @Test
  void aBodyThatIsNoStringIsAConfError() {
    assertThatThrownBy(() -> FilterTester.of().conf("say", "{\"body\": 1}"))
        .isInstanceOf(ConfException.class)
        .hasMessage("say: $.body: expected string, got integer");
  }
}
