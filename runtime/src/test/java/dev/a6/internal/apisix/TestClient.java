package dev.a6.internal.apisix;

import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec.ExtraInfoRequest;
import dev.a6.internal.apisix.ApisixCodec.RequestReply;
import dev.a6.internal.wire.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A blocking client that talks to a runner's socket the way APISIX does. */
public final class TestClient implements AutoCloseable {
  public record Frame(int type, ByteBuffer payload) {}

  private final SocketChannel channel;

  private TestClient(SocketChannel channel) {
    this.channel = channel;
  }

  public static TestClient connect(Path socket) {
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      return new TestClient(channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void send(int type, ByteBuffer payload) {
    ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining());
    frame.put((byte) type);
    int length = payload.remaining();
    frame.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
    frame.put(payload.duplicate()).flip();
    try {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Frame receive() {
    ByteBuffer header = readFully(4);
    int type = header.get(0) & 0xFF;
    int length = (header.get(1) & 0xFF) << 16 | (header.get(2) & 0xFF) << 8 | header.get(3) & 0xFF;
    return new Frame(type, readFully(length));
  }

  /** Whether the runner closed the connection: the next read sees end of stream. */
  public boolean closedByPeer() {
    try {
      return channel.read(ByteBuffer.allocate(1)) < 0;
    } catch (IOException e) {
      return true;
    }
  }

  public long prepare(@Nullable String key, String... nameConfPairs) {
    send(Wire.PREPARE_CONF, ApisixCodec.prepareConf(key, Harness.conf(nameConfPairs)));
    Frame reply = receive();
    if (reply.type() != Wire.PREPARE_CONF) {
      throw new AssertionError("PrepareConf answered with " + Wire.typeName(reply.type()));
    }
    return ApisixCodec.confToken(reply.payload());
  }

  /** Sends a call and answers ExtraInfo requests until the final reply, which it returns. */
  public Frame call(Harness.Call call, Function<ExtraInfoRequest, byte @Nullable []> extraInfo) {
    send(Wire.HTTP_REQ_CALL, call.encode());
    return awaitReply(extraInfo);
  }

  public Frame awaitReply(Function<ExtraInfoRequest, byte @Nullable []> extraInfo) {
    while (true) {
      Frame frame = receive();
      if (frame.type() != Wire.EXTRA_INFO) {
        return frame;
      }
      byte[] result = extraInfo.apply(ApisixCodec.extraInfoRequest(frame.payload()));
      send(Wire.EXTRA_INFO, ApisixCodec.extraInfoAnswer(result));
    }
  }

  public RequestReply call(Harness.Call call) {
    Frame frame = call(call, request -> {
      throw new AssertionError("unexpected ExtraInfo " + request);
    });
    if (frame.type() != Wire.HTTP_REQ_CALL) {
      throw new AssertionError("call answered with " + Wire.typeName(frame.type()));
    }
    return ApisixCodec.requestReply(frame.payload());
  }

  static List<Entry> headers(String... pairs) {
    return Harness.conf(pairs);
  }

  private ByteBuffer readFully(int length) {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new UncheckedIOException(
              new EOFException("runner closed the connection after " + buffer.position() + " of "
                  + length + " bytes"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.flip();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a client socket in a test; nothing to do
    }
  }
}
