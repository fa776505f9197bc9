package dev.a6.internal.apisix;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty finds a ByteBuf that was never released. Registered for every test
 * through JUnit's extension auto-detection, so that its factory is in place before the first
 * buffer class loads; the build runs at {@code -Dio.netty.leakDetection.level=paranoid}.
 */
public final class LeakDetection implements AfterEachCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          @SuppressWarnings("deprecation")
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
              @Override
              protected void reportTracedLeak(String resourceType, String records) {
                record(resourceType + " leaked:" + records);
              }

              @Override
              protected void reportUntracedLeak(String resourceType) {
                record(resourceType + " leaked");
              }
            };
          }
        });
  }

  private static void record(String leak) {
    synchronized (LEAKS) {
      LEAKS.add(leak);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    // The detector reports collected, unreleased buffers when it tracks a new one.
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(8);
      probe.release();
      ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(8);
      unpooled.release();
    }
    List<String> found;
    synchronized (LEAKS) {
      found = List.copyOf(LEAKS);
      LEAKS.clear();
    }
    assertThat(found).as("ByteBuf leaks found after %s", context.getDisplayName()).isEmpty();
  }
}
