package dev.a6.internal.wire;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.internal.wire.TextEntry;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A FlatBuffers builder plus scratch space, one per thread and reused for every reply that thread
 * encodes, so that encoding allocates nothing once warm.
 */
public final class ReplyBuilder {
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
  private final LowerCase lowerCase = new LowerCase();
  private ByteBuffer frameView = ByteBuffer.allocate(0);

  /** This thread's builder, cleared. */
  public static ReplyBuilder get() {
    ReplyBuilder builder = PER_THREAD.get();
    builder.clear();
    return builder;
  }

  public FlatBufferBuilder fb() {
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
  public int mark() {
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
  public int endVector(int mark) {
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
  public void pushEntry(String name, @Nullable String value) {
    int nameOffset = fb.createString(name);
    int valueOffset = value == null ? 0 : fb.createString(value);
    push(TextEntry.createTextEntry(fb, nameOffset, valueOffset));
  }

  /**
   * Pushes a TextEntry with the name in lower case, as APISIX writes header names, without
   * making a lower-case copy of it.
   */
  public void pushLowerCaseEntry(String name, @Nullable String value) {
    int nameOffset = fb.createString(lowerCase.of(name));
    int valueOffset = value == null ? 0 : fb.createString(value);
    push(TextEntry.createTextEntry(fb, nameOffset, valueOffset));
  }

  /** Pushes a TextEntry whose name and value are copied from a received frame, undecoded. */
  public void pushEntry(Entries entries, int index) {
    int nameOffset = createString(entries.buffer(), entries.namePos(index), entries.nameLength(index));
    int valueOffset =
        entries.hasValue(index)
            ? createString(entries.buffer(), entries.valuePos(index), entries.valueLength(index))
            : 0;
    push(TextEntry.createTextEntry(fb, nameOffset, valueOffset));
  }

  private int createString(byte[] array, int offset, int length) {
    if (frameView.array() != array) {
      frameView = ByteBuffer.wrap(array);
    }
    frameView.limit(offset + length).position(offset);
    return fb.createString(frameView);
  }

  /** A lower-case view of a name, reused so that encoding allocates nothing. */
  private static final class LowerCase implements CharSequence {
    private String text = "";

    LowerCase of(String text) {
      this.text = text;
      return this;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      return Ascii.lower(text.charAt(index));
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return Ascii.lower(text.substring(start, end));
    }

    @Override
    public String toString() {
      return Ascii.lower(text);
    }
  }
}
