package dev.a6.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FilterBindingTest {
  @Test
  void doneCannotBePoisonedByAnyCaller() {
    CompletableFuture<Void> copy = FilterBinding.DONE.toCompletableFuture();
    copy.obtrudeException(new IllegalStateException("poison"));
    copy.complete(null);
    assertThatThrownBy(() -> ((CompletableFuture<Void>) FilterBinding.DONE).complete(null))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(
            () -> ((CompletableFuture<Void>) FilterBinding.DONE).obtrudeException(new Error()))
        .isInstanceOf(UnsupportedOperationException.class);

    CompletableFuture<Void> later = FilterBinding.DONE.toCompletableFuture();
    assertThat(later.isDone()).isTrue();
    assertThat(later.isCompletedExceptionally()).isFalse();
    assertThat(FilterBinding.DONE.thenApply(ignored -> "ran").toCompletableFuture().join())
        .isEqualTo("ran");
  }
}
