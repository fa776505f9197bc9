package dev.a6.internal.call;

import io.netty.buffer.ByteBuf;

/**
 * A reusable copy of received payloads. Messages are read in place from it, lazily (headers are
 * indexed when a filter first asks), so it must outlive the frame's {@code ByteBuf}; it grows for a
 * large message and goes back to its first size after one over {@value #KEEP_BYTES} bytes.
 */
final class FrameBuffer {
  private static final int KEEP_BYTES = 1 << 20;

  private final int initialBytes;
  private byte[] bytes;

  FrameBuffer(int initialBytes) {
    this.initialBytes = initialBytes;
    this.bytes = new byte[initialBytes];
  }

  /** Copies {@code length} bytes of {@code in} from {@code offset}; valid until the next copy. */
  byte[] copy(ByteBuf in, int offset, int length) {
    if (bytes.length < length) {
      bytes = new byte[Math.max(length, bytes.length * 2)];
    }
    in.getBytes(offset, bytes, 0, length);
    return bytes;
  }

  /** Drops a buffer that grew for one huge message. */
  void shrink() {
    if (bytes.length > KEEP_BYTES) {
      bytes = new byte[initialBytes];
    }
  }
}
