package dev.a6.bench;

import dev.a6.internal.apisix.ApisixCodec;
import dev.a6.internal.apisix.EmbeddedRunner;
import dev.a6.samples.A6Filters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * What holding many prepared confs costs: for 1 to 100,000 routes, each with its own {@code say}
 * conf, the heap each prepared conf keeps and the runner's CPU per call when the calls go round
 * all their tokens. In one process, through the runner's own handler on an embedded channel (no
 * socket), so that only the conf cache's share changes from row to row.
 */
final class ConfScaling {
  private ConfScaling() {}

  static void run(Bench.Args args) throws InterruptedException {
    // On a Netty thread, as the runner's event loops are: Netty pools buffers only there, and a
    // plain thread's allocations would bring in collections that a runner does not have.
    Thread thread = new FastThreadLocalThread(() -> measure(args), "confs");
    thread.start();
    thread.join();
  }

  private static void measure(Bench.Args args) {
    int calls = args.integer("calls", 2_000_000);
    // --contiguous: the calls name the first 10,000 tokens, prepared one after the other.
    boolean contiguous = args.flag("contiguous");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.println("| confs held | heap per conf | CPU ns/call, calls round all tokens | ratio |");
    System.out.println("|---|---|---|---|");
    double first = 0;
    for (String size : args.get("sizes", "1,100,10000,100000").split(",")) {
      int confs = Integer.parseInt(size);
      long before = usedHeapAfterGc();
      EmbeddedChannel runner = EmbeddedRunner.connection(new A6Filters());
      long[] tokens = new long[confs];
      for (int i = 0; i < confs; i++) {
        tokens[i] = prepare(runner, i);
      }
      long perConf = (usedHeapAfterGc() - before) / confs;
      ByteBuf[] frames = new ByteBuf[Math.min(confs, 10_000)];
      // Calls name every token in turn; past 10,000 frames, a token out of each stride of them.
      for (int i = 0; i < frames.length; i++) {
        long token = tokens[contiguous ? i : (int) ((long) i * confs / frames.length)];
        frames[i] = frame(ApisixCodec.HTTP_REQ_CALL, Workload.requestCall(i, token));
      }
      callRound(runner, frames, calls / 4); // warm-up
      long start = threads.getCurrentThreadCpuTime();
      callRound(runner, frames, calls);
      double nanosPerCall = (threads.getCurrentThreadCpuTime() - start) / (double) calls;
      first = first == 0 ? nanosPerCall : first;
      // One conf is below what a heap measurement after GC can resolve.
      String heap = confs < 100 ? "–" : String.format(Locale.ROOT, "%,d B", perConf);
      System.out.println(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %.0f | %.2fx |", confs, heap, nanosPerCall, nanosPerCall / first));
      for (ByteBuf frame : frames) {
        frame.release();
      }
      runner.finishAndReleaseAll();
    }
  }

  private static long prepare(EmbeddedChannel runner, int route) {
    List<ApisixCodec.Entry> conf =
        List.of(new ApisixCodec.Entry("say", "{\"body\":\"route " + route + "\"}"));
    runner.writeInbound(
        frame(
            ApisixCodec.PREPARE_CONF,
            ApisixCodec.prepareConf("route#" + route + "#ext-plugin-pre-req#1", conf)));
    ByteBuf reply = runner.readOutbound();
    try {
      return ApisixCodec.confToken(reply.nioBuffer(4, reply.readableBytes() - 4));
    } finally {
      reply.release();
    }
  }

  private static void callRound(EmbeddedChannel runner, ByteBuf[] frames, int calls) {
    for (int i = 0; i < calls; i++) {
      runner.pipeline().fireChannelRead(frames[i % frames.length].retainedDuplicate());
      ByteBuf reply = runner.readOutbound();
      reply.release();
    }
  }

  private static ByteBuf frame(int type, ByteBuffer payload) {
    ByteBuf frame = Unpooled.directBuffer(4 + payload.remaining());
    return frame.writeByte(type).writeMedium(payload.remaining()).writeBytes(payload.duplicate());
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
