package dev.a6.internal.conf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.wire.Messages.ConfEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The lock-free token table: single-threaded behaviour, then readers racing a writer. */
class TokenTableTest {
  private static PreparedChain chain(long token) {
    return new PreparedChain(
        token, null, List.of(new ConfEntry("p", "")), List.of(), 0);
  }

  @Test
  void findsWhatWasPutAndNothingElse() {
    TokenTable table = new TokenTable();
    assertThat(table.get(1)).isNull();
    List<PreparedChain> chains = new ArrayList<>();
    for (long token = 1; token <= 1000; token++) {
      PreparedChain chain = chain(token * 7919);
      chains.add(chain);
      table.put(chain);
    }
    assertThat(table.size()).isEqualTo(1000);
    for (PreparedChain chain : chains) {
      assertThat(table.get(chain.token)).isSameAs(chain);
    }
    assertThat(table.get(5)).isNull();
    assertThat(table.contains(7919)).isTrue();
    assertThat(table.snapshot()).containsExactlyInAnyOrderElementsOf(chains);
  }

  @Test
  void aTokenPutAgainReplacesItsChain() {
    TokenTable table = new TokenTable();
    table.put(chain(42));
    PreparedChain replacement = chain(42);
    table.put(replacement);
    assertThat(table.get(42)).isSameAs(replacement);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void removedTokensAreGoneAndTheirSlotsReused() {
    TokenTable table = new TokenTable();
    for (long token = 1; token <= 500; token++) {
      table.put(chain(token));
    }
    List<PreparedChain> removed = table.removeIf(chain -> chain.token % 2 == 0);
    assertThat(removed).hasSize(250).allSatisfy(chain -> assertThat(chain.token % 2).isZero());
    assertThat(table.size()).isEqualTo(250);
    for (long token = 1; token <= 500; token++) {
      assertThat(table.contains(token)).as("token %d", token).isEqualTo(token % 2 == 1);
    }
    // Churn: put and remove many times; the table neither grows without bound nor loses chains.
    for (long round = 0; round < 50; round++) {
      long base = 1_000_000 * (round + 1);
      for (long token = base; token < base + 100; token++) {
        table.put(chain(token));
      }
      table.removeIf(chain -> chain.token >= base);
    }
    assertThat(table.size()).isEqualTo(250);
    for (long token = 1; token <= 500; token += 2) {
      assertThat(table.contains(token)).isTrue();
    }
    assertThat(table.removeIf(chain -> true)).hasSize(250);
    assertThat(table.size()).isZero();
    assertThat(table.get(1)).isNull();
  }

  @Test
  void readersAlwaysFindLiveChainsWhileAWriterChurnsAndRehashes() throws Exception {
    TokenTable table = new TokenTable();
    List<PreparedChain> permanent = new ArrayList<>();
    for (long token = 1; token <= 64; token++) {
      PreparedChain chain = chain(token);
      permanent.add(chain);
      table.put(chain);
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Thread reader =
          new Thread(
              () -> {
                while (running.get() && failure.get() == null) {
                  for (PreparedChain chain : permanent) {
                    PreparedChain found = table.get(chain.token);
                    if (found != chain) {
                      failure.set("token " + chain.token + " gave " + found);
                    }
                  }
                  // Churned tokens are odd multiples of 1000: found, or absent, never another.
                  PreparedChain churned = table.get(1_001_000);
                  if (churned != null && churned.token != 1_001_000) {
                    failure.set("token 1001000 gave a chain of token " + churned.token);
                  }
                }
              });
      reader.start();
      readers.add(reader);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    long next = 1_000_000;
    while (System.nanoTime() < deadline && failure.get() == null) {
      // Grow past several rehashes, then shrink back.
      for (int i = 0; i < 2000; i++) {
        table.put(chain(next + 1000L * i));
      }
      table.removeIf(chain -> chain.token >= 1_000_000);
      next += 7;
    }
    running.set(false);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(table.size()).isEqualTo(64);
  }
}
