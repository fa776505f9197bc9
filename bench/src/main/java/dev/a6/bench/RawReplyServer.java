package dev.a6.bench;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.a6.internal.apisix.ApisixCodec.Entry;
import dev.a6.samples.A6Filters;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The floor: a server on the same transport as the runner (Netty, native epoll, one event loop)
 * that answers every frame with precomputed bytes and does nothing else. The bytes are the reply
 * a6 gives to the workload's call, captured once at startup, so both move the same data. What a6
 * costs on top of this is its decoding, dispatch, filters and encoding.
 */
final class RawReplyServer {
  private RawReplyServer() {}

  static void run(Path socket, List<Entry> chain) throws Exception {
    A6Filters filters = new A6Filters();
    FlatBufferBuilder fb = new FlatBufferBuilder(64);
    fb.finish(dev.a6.internal.wire.prepareconf.Resp.createResp(fb, 1));
    ByteBuf prepared = frame(1, fb.dataBuffer());
    ByteBuf requestReply = wrap(ReplyCapture.reply(filters, chain, false));
    ByteBuf responseReply = wrap(ReplyCapture.reply(filters, chain, true));
    FlatBufferBuilder errorBuilder = new FlatBufferBuilder(64);
    errorBuilder.finish(dev.a6.internal.wire.err.Resp.createResp(errorBuilder, (byte) 0));
    ByteBuf error = frame(0, errorBuilder.dataBuffer());

    @Sharable
    final class Replier extends ChannelInboundHandlerAdapter {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        int type = frame.getUnsignedByte(frame.readerIndex());
        frame.release();
        ByteBuf reply =
            switch (type) {
              case 1 -> prepared;
              case 2 -> requestReply;
              case 4 -> responseReply;
              default -> error;
            };
        ctx.writeAndFlush(reply.retainedDuplicate(), ctx.voidPromise());
      }
    }

    Replier replier = new Replier();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    Files.deleteIfExists(socket);
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channelFactory(EpollServerDomainSocketChannel::new)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(new LengthFieldBasedFrameDecoder(4 + 0xFFFFFF, 1, 3, 0, 0), replier);
                  }
                })
            .bind(new DomainSocketAddress(socket.toString()))
            .sync()
            .channel();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close().syncUninterruptibly();
                  group.shutdownGracefully(0, 100, java.util.concurrent.TimeUnit.MILLISECONDS)
                      .syncUninterruptibly();
                  stopped.countDown();
                }));
    System.err.println("raw-reply server listening on " + socket);
    stopped.await();
  }

  private static ByteBuf frame(int type, ByteBuffer payload) {
    return LoadGenerator.frame(type, payload);
  }

  /** A reply kept for the server's life; each write sends a retained duplicate of it. */
  private static ByteBuf wrap(byte[] frame) {
    return ByteBufAllocator.DEFAULT.directBuffer(frame.length).writeBytes(frame);
  }
}
