package dev.a6.internal.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reading of one FlatBuffer held in a byte array, or in a buffer it is read from
 * in place (a received frame's memory, for large messages that are read once).
 *
 * <p>flatbuffers-java trusts its input: a garbage payload makes it read out of bounds or loop over
 * a made-up vector length. Every offset and length read here is checked against the payload
 * first, so a malformed message becomes a {@link ProtocolException} naming the field, before any
 * filter sees it. Reading is in place, with no copies and no objects.
 */
public final class FlatReader {
  private static final byte[] NONE = new byte[0];

  /** The payload's array, or {@link #NONE} while reading a buffer in place. */
  private byte[] buf = NONE;
  /** A little-endian view of the payload, kept while the array is the same, for fast reads. */
  private ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
  private int size;
  private String message = "";

  /** Reads the payload in {@code buf[0, size)}, a message of the given type (for errors). */
  public void reset(byte[] buf, int size, String message) {
    if (buf != this.buf) {
      this.buf = buf;
      this.view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    }
    this.size = size;
    this.message = message;
  }

  /**
   * Reads the payload in {@code payload[0, limit)} in place, without copying it; the buffer must
   * stay valid while this reader reads it. {@link #bytes} copies parts out.
   */
  public void reset(ByteBuffer payload, String message) {
    this.buf = NONE;
    this.view = payload.order(ByteOrder.LITTLE_ENDIAN);
    this.size = payload.limit();
    this.message = message;
  }

  /** The payload's array, for readers of array payloads that index it themselves. */
  byte[] buffer() {
    return buf;
  }

  /** A copy of {@code length} payload bytes from {@code pos}, which the caller checked. */
  byte[] bytes(int pos, int length) {
    byte[] copy = new byte[length];
    view.get(pos, copy);
    return copy;
  }

  /** The root table's position. */
  public int root() {
    if (size < 8) {
      throw malformed("root", "a " + size + "-byte payload cannot hold a table");
    }
    return table(uoffset(0, "root"), "root");
  }

  /** Checks the table at {@code pos} and its vtable, returning {@code pos}. */
  int table(int pos, String what) {
    need(pos, 4, what);
    int vtable = pos - i32(pos);
    if (vtable < 0 || vtable > size - 4) {
      throw malformed(what, "vtable outside the payload");
    }
    int vtableSize = u16(vtable);
    if (vtableSize < 4 || (vtableSize & 1) != 0 || vtableSize > size - vtable) {
      throw malformed(what, "vtable of impossible size " + vtableSize);
    }
    return pos;
  }

  /** The position of a field's inline data, or 0 if the field is absent. */
  int field(int table, int slot, int width, String what) {
    int vtable = table - i32(table);
    int entry = 4 + 2 * slot;
    if (entry + 2 > u16(vtable)) {
      return 0;
    }
    int offset = u16(vtable + entry);
    if (offset == 0) {
      return 0;
    }
    need(table + offset, width, what);
    return table + offset;
  }

  public int u8Field(int table, int slot, String what) {
    int pos = field(table, slot, 1, what);
    return pos == 0 ? 0 : view.get(pos) & 0xFF;
  }

  public int u16Field(int table, int slot, String what) {
    int pos = field(table, slot, 2, what);
    return pos == 0 ? 0 : u16(pos);
  }

  public long u32Field(int table, int slot, String what) {
    int pos = field(table, slot, 4, what);
    return pos == 0 ? 0 : i32(pos) & 0xFFFF_FFFFL;
  }

  /** The position of the length word of a vector or string field, or -1 if absent. */
  public int vector(int table, int slot, int elementSize, String what) {
    int pos = field(table, slot, 4, what);
    if (pos == 0) {
      return -1;
    }
    int vector = uoffset(pos, what);
    long bytes = (long) length(vector) * elementSize;
    if (bytes > size - vector - 4) {
      throw malformed(what, "length " + length(vector) + " runs past the payload");
    }
    return vector;
  }

  /** The number of elements of the vector at {@code vector}. */
  int length(int vector) {
    int length = i32(vector);
    if (length < 0) {
      throw malformed("vector", "negative length");
    }
    return length;
  }

  /** The position of the table that element {@code index} of a vector of tables points to. */
  int tableElement(int vector, int index, String what) {
    int slot = vector + 4 + 4 * index;
    return table(uoffset(slot, what), what);
  }

  /** The position of a table field (a union member), or -1 if absent. */
  public int tableField(int table, int slot, String what) {
    int pos = field(table, slot, 4, what);
    return pos == 0 ? -1 : table(uoffset(pos, what), what);
  }

  public String string(int vector) {
    int length = i32(vector);
    return buf != NONE
        ? new String(buf, vector + 4, length, StandardCharsets.UTF_8)
        : new String(bytes(vector + 4, length), StandardCharsets.UTF_8);
  }

  private int uoffset(int pos, String what) {
    need(pos, 4, what);
    long target = pos + (i32(pos) & 0xFFFF_FFFFL);
    if (target > size - 4 || target == pos) {
      throw malformed(what, "offset points outside the payload");
    }
    return (int) target;
  }

  private void need(int pos, int width, String what) {
    if (pos < 0 || pos > size - width) {
      throw malformed(what, "data outside the payload");
    }
  }

  int i32(int pos) {
    return view.getInt(pos);
  }

  private int u16(int pos) {
    return view.getShort(pos) & 0xFFFF;
  }

  private ProtocolException malformed(String what, String problem) {
    return new ProtocolException(
        "malformed " + message + " payload (" + size + " bytes): " + what + ": " + problem);
  }
}
