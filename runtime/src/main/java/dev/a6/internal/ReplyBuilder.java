package dev.a6.internal;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.internal.wire.TextEntry;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A FlatBuffers builder plus scratch space, one per thread and reused for every reply that thread
 * encodes, so that encoding allocates nothing once warm.
 */
final class ReplyBuilder {
  /** A builder that grew past this is dropped after use rather than pinning the memory. */
  private static final int KEEP_CAPACITY = 1 << 20;

  private static final FastThreadLocal<ReplyBuilder> PER_THREAD =
      new FastThreadLocal<>() {
        @Override
        protected ReplyBuilder initialValue() {
          return new ReplyBuilder();
        }
      };

  private FlatBufferBuilder fb = new FlatBufferBuilder(1024);
  private int[] offsets = new int[32];
  private int depth;

  /** This thread's builder, cleared. */
  static ReplyBuilder get() {
    ReplyBuilder builder = PER_THREAD.get();
    builder.clear();
    return builder;
  }

  FlatBufferBuilder fb() {
    return fb;
  }

  private void clear() {
    // offset() is the size of what the builder last built; a huge reply grew it for good.
    if (fb.offset() > KEEP_CAPACITY) {
      fb = new FlatBufferBuilder(1024);
    } else {
      fb.clear();
    }
    depth = 0;
  }

  /** Marks the start of a vector's elements on the offset stack. */
  int mark() {
    return depth;
  }

  /** Pushes an element offset for the vector being collected. */
  void push(int offset) {
    if (depth == offsets.length) {
      offsets = Arrays.copyOf(offsets, depth * 2);
    }
    offsets[depth++] = offset;
  }

  /** Ends the vector collected since {@code mark}; 0 (absent) if it has no elements. */
  int endVector(int mark) {
    int count = depth - mark;
    if (count == 0) {
      return 0;
    }
    fb.startVector(4, count, 4);
    for (int i = depth - 1; i >= mark; i--) {
      fb.addOffset(offsets[i]);
    }
    depth = mark;
    return fb.endVector();
  }

  /** Pushes a TextEntry; a {@code null} value leaves the value out (a removal). */
  void pushEntry(String name, @Nullable String value) {
    int nameOffset = fb.createString(name);
    int valueOffset = value == null ? 0 : fb.createString(value);
    push(TextEntry.createTextEntry(fb, nameOffset, valueOffset));
  }
}
