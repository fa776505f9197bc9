package dev.a6.internal.apisix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec.RequestReply;
import dev.a6.internal.apisix.ApisixCodec.ResponseReply;
import dev.a6.internal.call.BlockingPool;
import dev.a6.internal.call.Connection;
import dev.a6.internal.call.LoopContext;
import dev.a6.internal.call.RateLimitedLog;
import dev.a6.internal.call.RunnerServices;
import dev.a6.internal.conf.ConfCache;
import dev.a6.internal.conf.TokenSource;
import dev.a6.internal.transport.FrameDecoder;
import dev.a6.internal.wire.Wire;
import dev.a6.spi.FilterBinding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** One runner connection on an EmbeddedChannel, driven the way APISIX drives it. */
public final class Harness implements AutoCloseable {
  public record Frame(int type, ByteBuffer payload) {}

  public final AtomicLong clock = new AtomicLong(1_000_000_000L);
  public final RunnerServices services;
  public final EmbeddedChannel channel;
  /** The main channel's handler, kept: a closed channel's pipeline no longer has it. */
  private final Connection connection;
  private final List<EmbeddedChannel> others = new ArrayList<>();

  public Harness(FilterBinding<?>... bindings) {
    this(TimeUnit.SECONDS.toNanos(3600), Runnable::run, bindings);
  }

  public Harness(long ttlNanos, Executor blockingPool, FilterBinding<?>... bindings) {
    ConfCache confs =
        new ConfCache(
            TestBindings.registry(bindings),
            ttlNanos,
            clock::get,
            new TokenSource(System::currentTimeMillis));
    services =
        new RunnerServices(
            confs,
            new BlockingPool(blockingPool, 64),
            LoopContext::new,
            new RateLimitedLog(0, clock::get),
            clock::get);
    channel = newConnection();
    connection = channel.pipeline().get(Connection.class);
  }

  /** Whether the main connection has a call between its request and its reply. */
  public boolean busy() {
    return connection.isBusy();
  }

  /** Another connection to the same runner. */
  public EmbeddedChannel newConnection() {
    EmbeddedChannel connection = new EmbeddedChannel(new FrameDecoder(), new Connection(services));
    others.add(connection);
    return connection;
  }

  public void write(int type, ByteBuffer payload) {
    write(channel, type, payload);
  }

  public static void write(EmbeddedChannel channel, int type, ByteBuffer payload) {
    ByteBuf frame = Unpooled.buffer(4 + payload.remaining());
    frame.writeByte(type);
    frame.writeMedium(payload.remaining());
    frame.writeBytes(payload.duplicate());
    channel.writeInbound(frame);
  }

  public void writeRaw(int... bytes) {
    ByteBuf buf = Unpooled.buffer(bytes.length);
    for (int b : bytes) {
      buf.writeByte(b);
    }
    channel.writeInbound(buf);
  }

  /** The next frame the runner wrote, or {@code null}. */
  public @Nullable Frame read() {
    return read(channel);
  }

  public static @Nullable Frame read(EmbeddedChannel channel) {
    channel.runPendingTasks();
    ByteBuf out = channel.readOutbound();
    if (out == null) {
      return null;
    }
    try {
      int type = out.readUnsignedByte();
      int length = out.readUnsignedMedium();
      assertThat(out.readableBytes()).as("payload length in the header").isEqualTo(length);
      assertThat(length).as("payloads are never empty").isPositive();
      byte[] payload = new byte[length];
      out.readBytes(payload);
      return new Frame(type, ByteBuffer.wrap(payload));
    } finally {
      out.release();
    }
  }

  /** The next frame as raw bytes, header included. */
  public byte @Nullable [] readRawBytes() {
    channel.runPendingTasks();
    ByteBuf out = channel.readOutbound();
    if (out == null) {
      return null;
    }
    try {
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      return bytes;
    } finally {
      out.release();
    }
  }

  public Frame expect(int type) {
    Frame frame = read();
    assertThat(frame).as("a reply").isNotNull();
    assertThat(frame.type()).as("reply type").isEqualTo(type);
    return frame;
  }

  public int expectError() {
    return ApisixCodec.errorCode(expect(Wire.ERROR).payload());
  }

  public void expectNothing() {
    assertThat(read()).as("no frame").isNull();
  }

  public long prepare(@Nullable String key, String... nameConfPairs) {
    write(Wire.PREPARE_CONF, ApisixCodec.prepareConf(key, conf(nameConfPairs)));
    return ApisixCodec.confToken(expect(Wire.PREPARE_CONF).payload());
  }

  public static List<Entry> conf(String... nameConfPairs) {
    List<Entry> conf = new ArrayList<>();
    for (int i = 0; i < nameConfPairs.length; i += 2) {
      conf.add(new Entry(nameConfPairs[i], nameConfPairs[i + 1]));
    }
    return conf;
  }

  public void send(Call call) {
    write(Wire.HTTP_REQ_CALL, call.encode());
  }

  public RequestReply call(Call call) {
    send(call);
    return ApisixCodec.requestReply(expect(Wire.HTTP_REQ_CALL).payload());
  }

  public void sendResponse(long token, int status, Entry... headers) {
    write(Wire.HTTP_RESP_CALL, ApisixCodec.responseCall(77, token, status, List.of(headers)));
  }

  public ResponseReply respond(long token, int status, Entry... headers) {
    sendResponse(token, status, headers);
    return ApisixCodec.responseReply(expect(Wire.HTTP_RESP_CALL).payload());
  }

  public void answer(byte @Nullable [] result) {
    write(Wire.EXTRA_INFO, ApisixCodec.extraInfoAnswer(result));
  }

  public static Entry entry(String name, @Nullable String value) {
    return new Entry(name, value);
  }

  @Override
  public void close() {
    for (EmbeddedChannel connection : others) {
      connection.finishAndReleaseAll();
    }
  }

  /** An HTTPReqCall as APISIX builds it. */
  public static final class Call {
    long id = 1;
    long token;
    byte[] ip = {127, 0, 0, 1};
    String method = "GET";
    String path = "/hello";
    final List<Entry> args = new ArrayList<>();
    final List<Entry> headers = new ArrayList<>();

    public static Call of(long token) {
      Call call = new Call();
      call.token = token;
      return call;
    }

    public Call id(long value) {
      id = value;
      return this;
    }

    public Call method(String value) {
      method = value;
      return this;
    }

    public Call path(String value) {
      path = value;
      return this;
    }

    public Call ip(int... bytes) {
      ip = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        ip[i] = (byte) bytes[i];
      }
      return this;
    }

    public Call header(String name, String value) {
      headers.add(new Entry(name, value));
      return this;
    }

    public Call arg(String name, @Nullable String value) {
      args.add(new Entry(name, value));
      return this;
    }

    public ByteBuffer encode() {
      return ApisixCodec.requestCall(id, token, ip, method, path, args, headers);
    }

    @Override
    public String toString() {
      return method + " " + path + " " + args + " " + headers + " " + Arrays.toString(ip);
    }
  }
}
