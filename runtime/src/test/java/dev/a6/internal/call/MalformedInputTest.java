package dev.a6.internal.call;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.wire.CallMessage;
import dev.a6.internal.wire.Entries;
import dev.a6.internal.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Garbage and damaged FlatBuffers never escape as anything but a {@link ProtocolException}: not an
 * index error, not a loop over a made-up length, not a filter reading past the frame.
 */
class MalformedInputTest {
  private final SplittableRandom random = new SplittableRandom(20261127);

  @Test
  void randomBytes() {
    CallMessage message = new CallMessage();
    for (int i = 0; i < 20_000; i++) {
      byte[] payload = new byte[random.nextInt(1, 200)];
      random.nextBytes(payload);
      assertOnlyProtocolErrors(message, payload);
    }
  }

  @Test
  void damagedValidCalls() {
    ByteBuffer valid =
        ApisixCodec.requestCall(
            7,
            99,
            new byte[] {10, 0, 0, 1},
            "POST",
            "/path/with/segments",
            List.of(new Entry("a", "1"), new Entry("flag", null)),
            List.of(new Entry("host", "example.com"), new Entry("authorization", "Bearer x")));
    byte[] original = new byte[valid.remaining()];
    valid.get(original);
    CallMessage message = new CallMessage();
    for (int i = 0; i < 20_000; i++) {
      byte[] damaged = original.clone();
      for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      int length = random.nextInt(4) == 0 ? random.nextInt(damaged.length) : damaged.length;
      assertOnlyProtocolErrors(message, java.util.Arrays.copyOf(damaged, length));
    }
  }

  private static void assertOnlyProtocolErrors(CallMessage message, byte[] payload) {
    assertThatCode(
            () -> {
              try {
                message.readRequestCall(payload, payload.length);
                touchEverything(message);
                message.readResponseCall(payload, payload.length);
                touchEverything(message);
              } catch (ProtocolException expected) {
                // the one accepted outcome besides success
              }
            })
        .doesNotThrowAnyException();
  }

  private static void touchEverything(CallMessage message) {
    message.path();
    message.method();
    message.sourceIp();
    for (Entries entries : List.of(message.args, message.headers)) {
      for (int i = 0; i < entries.size(); i++) {
        entries.name(i);
        entries.value(i);
      }
      entries.firstValue("host", true);
    }
  }
}
