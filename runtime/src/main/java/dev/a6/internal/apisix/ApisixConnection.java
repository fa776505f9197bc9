package dev.a6.internal.apisix;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A blocking connection to a runner's socket, sending and receiving frames as APISIX does. */
public final class ApisixConnection implements AutoCloseable {
  /** A received frame: its type and its payload. */
  public record Frame(int type, ByteBuffer payload) {}

  private final SocketChannel channel;

  private ApisixConnection(SocketChannel channel) {
    this.channel = channel;
  }

  /** Connects to the runner listening on {@code socket}. */
  public static ApisixConnection open(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new ApisixConnection(channel);
  }

  /** Sends one frame: the type, the payload's length in three bytes, the payload. */
  public void send(int type, ByteBuffer payload) throws IOException {
    int length = payload.remaining();
    ByteBuffer frame = ByteBuffer.allocate(4 + length);
    frame.put((byte) type).put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    frame.put(payload.duplicate()).flip();
    sendRaw(frame);
  }

  /** Writes {@code bytes} as they are, framed or not: for peers that break the protocol. */
  public void sendRaw(ByteBuffer bytes) throws IOException {
    ByteBuffer remaining = bytes.duplicate();
    while (remaining.hasRemaining()) {
      channel.write(remaining);
    }
  }

  /**
   * The next frame from the runner.
   *
   * @throws EOFException if the runner closed the connection
   */
  public Frame receive() throws IOException {
    ByteBuffer header = read(4);
    int length = (header.get(1) & 0xFF) << 16 | (header.get(2) & 0xFF) << 8 | header.get(3) & 0xFF;
    return new Frame(header.get(0) & 0xFF, read(length));
  }

  private ByteBuffer read(int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new EOFException("the runner closed the connection");
      }
    }
    return buffer.flip();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
