package dev.a6.internal.transport;

import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.launch.RunnerConfig.Transport;
import dev.a6.internal.launch.StartupException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The runner's socket, listening from the first milliseconds of start-up.
 *
 * <p>Most of a start goes to loading the plugins and Netty. APISIX starts the runner and connects
 * at once; a connect to a socket that does not exist yet fails, and so does that request (a 503).
 * Bound early, the socket holds those connects in its backlog, and the server serves them once it
 * is up: the first requests wait a little instead of failing.
 *
 * <p>Only where nothing else serves the path. A runner taking the path over from a live one (an
 * APISIX reload) still binds only after its plugins are found: were they then to fail, the live
 * runner would have lost its socket to a runner about to exit.
 *
 * <p>The JDK binds it, because Netty's epoll transport is not loaded yet; the server then adopts
 * the same listening file descriptor (see {@link ListeningDescriptor}). No class here logs: slf4j
 * is not up yet either.
 */
public final class EarlySocket {
  private final SocketFile file;
  private final ServerSocketChannel channel;
  /** The listening socket's file descriptor, or -1 where only NIO is to serve it. */
  private final int descriptor;

  private EarlySocket(SocketFile file, ServerSocketChannel channel, int descriptor) {
    this.file = file;
    this.channel = channel;
    this.descriptor = descriptor;
  }

  /**
   * Binds and publishes the configured socket, or returns {@code null} when the server is to bind
   * it itself later: another runner serves the path, or the path cannot take a socket (the server
   * then says why), or the descriptor cannot be found for the epoll transport.
   */
  public static @Nullable EarlySocket bind(RunnerConfig config) {
    SocketFile file = new SocketFile(config.socket());
    try {
      file.check();
    } catch (StartupException e) {
      return null;
    }
    if (file.servedByAnother()) {
      return null;
    }
    ServerSocketChannel channel = null;
    try {
      channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      channel.bind(UnixDomainSocketAddress.of(file.bindPath()), config.backlog());
      // Netty's event loop accepts until the socket says "try again": it must not block.
      channel.configureBlocking(false);
      int descriptor = -1;
      if (config.transport() != Transport.NIO) {
        descriptor = ListeningDescriptor.of(file.bindPath());
        if (descriptor < 0) {
          close(channel, file.bindPath());
          return null;
        }
      }
      // Published only now: no connect can reach a socket that might still be given up above.
      file.publish(config.socketMode());
      return new EarlySocket(file, channel, descriptor);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        close(channel, file.bindPath());
      }
      return null;
    }
  }

  SocketFile file() {
    return file;
  }

  /** The JDK's channel, for the NIO transport to adopt. */
  ServerSocketChannel channel() {
    return channel;
  }

  /** The listening descriptor, for the epoll transport to adopt; -1 if it was not looked up. */
  int descriptor() {
    return descriptor;
  }

  /**
   * Closes the socket and removes its file, for a start that ends before the server adopted it.
   * The connects waiting in the backlog are refused.
   */
  public void abandon() {
    file.removeIfOurs();
    try {
      channel.close();
    } catch (IOException e) {
      // Exiting anyway.
    }
  }

  private static void close(ServerSocketChannel channel, Path bound) {
    try {
      channel.close();
      Files.deleteIfExists(bound);
    } catch (IOException e) {
      // Best effort: the server's own check removes a leftover private name.
    }
  }
}
