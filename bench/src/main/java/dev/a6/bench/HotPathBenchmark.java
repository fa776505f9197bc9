package dev.a6.bench;

import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.EmbeddedRunner;
import dev.a6.samples.A6Filters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call through the runner's handler, without a socket: frame in, decode, chain lookup,
 * filters, encode, frame out. The chains are the samples': a stop ({@code say}), a rewrite
 * ({@code key-auth} then {@code request-body-rewrite}), a response-phase change ({@code
 * response-rewrite} setting a header) and the empty chain. Run with {@code -prof gc} for bytes
 * allocated per call; {@code -p metrics=on} counts into the runner's Prometheus metrics as {@code
 * --metrics-listen} does. The harness's own share (a duplicate of the request frame per call) is
 * pooled as in a runner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      // As in a runner: leak tracking off, benchmark threads are Netty event loop threads.
      "-Dio.netty.leakDetection.level=disabled",
      "-Djmh.executor=CUSTOM",
      "-Djmh.executor.class=dev.a6.bench.EventLoopThreads"
    })
public class HotPathBenchmark {

  @Param({"say", "rewrite", "response", "empty"})
  public String chain;

  /** Whether the runner counts into its Prometheus metrics, as with --metrics-listen. */
  @Param({"off", "on"})
  public String metrics;

  private EmbeddedChannel channel;
  private ByteBuf call;

  @Setup
  public void setUp() {
    List<Entry> plugins =
        Workload.chain(
            switch (chain) {
              case "say" -> Workload.SAY_CHAIN;
              case "rewrite" -> Workload.REWRITE_CHAIN;
              case "response" -> Workload.RESPONSE_CHAIN;
              default -> List.of();
            });
    channel = EmbeddedRunner.connection(new A6Filters(), metrics.equals("on"));
    channel.writeInbound(frame(ApisixCodec.PREPARE_CONF, ApisixCodec.prepareConf(Workload.CONF_KEY, plugins)));
    ByteBuf prepared = channel.readOutbound();
    long token = ApisixCodec.confToken(prepared.nioBuffer(4, prepared.readableBytes() - 4));
    prepared.release();
    boolean response = chain.equals("response");
    call =
        frame(
            response ? ApisixCodec.HTTP_RESP_CALL : ApisixCodec.HTTP_REQ_CALL,
            response ? Workload.responseCall(1, token) : Workload.requestCall(1, token));
  }

  @TearDown
  public void tearDown() {
    call.release();
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public int call() {
    channel.pipeline().fireChannelRead(call.retainedDuplicate());
    ByteBuf reply = channel.readOutbound();
    int length = reply.readableBytes();
    reply.release();
    return length;
  }

  private static ByteBuf frame(int type, ByteBuffer payload) {
    ByteBuf frame = PooledByteBufAllocator.DEFAULT.directBuffer(4 + payload.remaining());
    return frame.writeByte(type).writeMedium(payload.remaining()).writeBytes(payload.duplicate());
  }
}
