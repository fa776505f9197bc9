package dev.a6.internal.transport;

import dev.a6.internal.call.BlockingPool;
import dev.a6.internal.call.Connection;
import dev.a6.internal.call.LoopContext;
import dev.a6.internal.call.RateLimitedLog;
import dev.a6.internal.call.RpcLog;
import dev.a6.internal.call.Observers;
import dev.a6.internal.call.RunnerEvents;
import dev.a6.internal.call.RunnerServices;
import dev.a6.internal.conf.ConfCache;
import dev.a6.internal.conf.TokenSource;
import dev.a6.internal.launch.RunnerConfig.RpcLogging;
import dev.a6.internal.launch.RunnerConfig.Transport;
import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.launch.StartupException;
import dev.a6.internal.metrics.MetricsEndpoint;
import dev.a6.internal.metrics.RunnerMetrics;
import dev.a6.internal.metrics.RunnerState;
import dev.a6.spi.FetchPlan;
import dev.a6.spi.FilterBinding;
import dev.a6.spi.FilterObserver;
import dev.a6.spi.FilterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running plugin runner: the listening socket, its event loops and its conf cache.
 *
 * <p>{@link #stop()} stops accepting, closes each connection once its call is answered (see {@link
 * Connection#drain}), drops calls still running after 500 ms, and removes the socket file if it is
 * still this process's: all well within the one second APISIX waits after SIGTERM.
 */
public final class Server {
  private static final Logger log = LoggerFactory.getLogger(Server.class);
  static final long DRAIN_MILLIS = 500;

  private final RunnerConfig config;
  private final EventLoopGroup group;
  private final Channel listener;
  /** The open connections, to close the rest at stop. */
  private final Set<Channel> connections;
  private final ThreadPoolExecutor blockingPool;
  private final SocketFile socketFile;
  private final RunnerServices services;
  private final String transport;
  private final @Nullable MetricsEndpoint metrics;
  /**
   * The socket bound at start-up, if the listener adopted it: kept reachable so that its JDK
   * channel, which still names the descriptor epoll now owns, is never closed behind Netty.
   */
  private final @Nullable EarlySocket adopted;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Server(
      RunnerConfig config,
      EventLoopGroup group,
      Channel listener,
      Set<Channel> connections,
      ThreadPoolExecutor blockingPool,
      SocketFile socketFile,
      RunnerServices services,
      String transport,
      @Nullable MetricsEndpoint metrics,
      @Nullable EarlySocket adopted) {
    this.config = config;
    this.group = group;
    this.listener = listener;
    this.connections = connections;
    this.blockingPool = blockingPool;
    this.socketFile = socketFile;
    this.services = services;
    this.transport = transport;
    this.metrics = metrics;
    this.adopted = adopted;
  }

  /** Binds the socket and starts serving the registry's filters. */
  public static Server start(RunnerConfig config, FilterRegistry registry) {
    return start(config, registry, List.of());
  }

  /**
   * Binds the socket and starts serving the registry's filters, shown to {@code observers} (and
   * to the metrics, when {@code --metrics-listen} is set).
   */
  public static Server start(
      RunnerConfig config, FilterRegistry registry, List<FilterObserver> observers) {
    return start(config, registry, observers, null);
  }

  /**
   * Starts serving as {@link #start(RunnerConfig, FilterRegistry, List)} does, on the socket bound
   * at start-up if there is one ({@code early}), whose waiting connects are then accepted; the
   * server owns it from here, also if the start fails.
   */
  public static Server start(
      RunnerConfig config,
      FilterRegistry registry,
      List<FilterObserver> observers,
      @Nullable EarlySocket early) {
    TransportChoice choice;
    try {
      choice = TransportChoice.of(config.transport());
    } catch (StartupException e) {
      if (early != null) {
        early.abandon();
      }
      throw e;
    }
    RunnerMetrics metrics = config.metricsListen() == null ? null : new RunnerMetrics(names(registry));
    FilterObserver observer = Observers.of(observers);
    SocketFile socketFile;
    if (early == null) {
      socketFile = new SocketFile(config.socket());
      socketFile.check();
    } else {
      socketFile = early.file();
    }

    ConfCache confs =
        new ConfCache(
            registry,
            config.chainTtlNanos(),
            config.confCacheEntries(),
            config.confCacheBytes(),
            System::nanoTime,
            new TokenSource(System::currentTimeMillis),
            observer == null ? FetchPlan.NONE : new FetchPlan(observer.responseVars(), false, false));
    // Unbounded queue: the pool bounds chain starts itself and must never refuse a continuation.
    ThreadPoolExecutor blockingPool =
        new ThreadPoolExecutor(
            config.blockingThreads(),
            config.blockingThreads(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("a6-blocking", true));
    blockingPool.allowCoreThreadTimeOut(true);
    RunnerServices services =
        new RunnerServices(
            confs,
            new BlockingPool(blockingPool, config.blockingThreads() * 64),
            LoopContext::new,
            new RateLimitedLog(TimeUnit.SECONDS.toNanos(10), System::nanoTime),
            System::nanoTime,
            config.logRpc() == RpcLogging.OFF
                ? null
                : RpcLog.toLogger(config.logRpc() == RpcLogging.REDACTED),
            metrics == null ? RunnerEvents.NONE : metrics,
            observer);

    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads(), new DefaultThreadFactory("a6-io", false), choice.ioFactory());
    Set<Channel> connections = ConcurrentHashMap.newKeySet();
    Channel listener;
    try {
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(group)
              .channelFactory(
                  early == null ? choice.serverChannel()::get : () -> choice.adopt(early))
              .option(ChannelOption.SO_BACKLOG, config.backlog())
              .childHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                      connections.add(channel);
                      channel.closeFuture().addListener(closed -> connections.remove(channel));
                      channel.pipeline().addLast(new FrameDecoder(), new Connection(services));
                    }
                  });
      if (early == null) {
        listener =
            bootstrap.bind(choice.address(socketFile.bindPath())).syncUninterruptibly().channel();
        socketFile.publish(config.socketMode());
      } else {
        // Listening already: registering it starts the accepts, the waiting connects first.
        listener = bootstrap.register().syncUninterruptibly().channel();
      }
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      blockingPool.shutdownNow();
      if (early != null) {
        early.abandon();
      }
      if (e instanceof StartupException) {
        throw e;
      }
      throw new StartupException("cannot listen on " + config.socket() + ": " + e, e);
    }
    MetricsEndpoint endpoint = null;
    if (metrics != null) {
      metrics.watch(new State(connections, blockingPool, confs));
      InetSocketAddress address = Objects.requireNonNull(config.metricsListen());
      try {
        endpoint = MetricsEndpoint.start(metrics, address);
      } catch (IOException | RuntimeException e) {
        listener.close().awaitUninterruptibly();
        socketFile.removeIfOurs();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        blockingPool.shutdownNow();
        throw new StartupException(
            "--metrics-listen " + address.getHostString() + ":" + address.getPort()
                + " cannot be served: " + e
                + "; choose a free port and an address of this host, or leave metrics off",
            e);
      }
    }

    Server server =
        new Server(
            config,
            group,
            listener,
            connections,
            blockingPool,
            socketFile,
            services,
            choice.description(),
            endpoint,
            early);
    long sweepMillis = Math.max(1000, Math.min(60_000, config.chainTtlNanos() / 4_000_000));
    group.scheduleWithFixedDelay(confs::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    group.scheduleWithFixedDelay(server::checkSocket, 1, 1, TimeUnit.SECONDS);
    return server;
  }

  /**
   * Stops the runner when another one took its socket path over: it would get no new connection,
   * and two runners must not serve one path unseen.
   */
  private void checkSocket() {
    if (stopping.get() || socketFile.stillOurs()) {
      return;
    }
    log.warn(
        "{} is no longer this runner's socket (another runner took it over, or it was removed);"
            + " stopping",
        socketFile.path());
    // Not on the event loop, which stop() shuts down and waits for.
    new Thread(this::stop, "a6-stop").start();
  }

    /** The socket the runner listens on. */
  public Path socket() {
    return socketFile.path();
  }

  /** The transport in use and why, for the startup line. */
  public String transport() {
    return transport;
  }

  /** Prepared chains currently cached. */
  int cachedChains() {
    return services.confs.size();
  }

  /** Stops the runner; see the class comment. Safe to call more than once. */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      awaitStopped();
      return;
    }
    long start = System.nanoTime();
    listener.close().awaitUninterruptibly(200, TimeUnit.MILLISECONDS);
    // Each connection closes when its call is answered: APISIX opens its next one elsewhere.
    for (Channel connection : connections) {
      Connection handler = connection.pipeline().get(Connection.class);
      if (handler != null) {
        connection.eventLoop().execute(handler::drain);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int unfinished = busyConnections();
    List<ChannelFuture> closing = new ArrayList<>();
    for (Channel connection : connections) {
      closing.add(connection.close());
    }
    long closeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    for (ChannelFuture future : closing) {
      future.awaitUninterruptibly(
          Math.max(0, TimeUnit.NANOSECONDS.toMillis(closeDeadline - System.nanoTime())));
    }
    group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(300);
    blockingPool.shutdownNow();
    services.confs.closeAll();
    socketFile.removeIfOurs();
    if (metrics != null) {
      metrics.close();
    }
    log.info(
        "stopped in {} ms{}",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        unfinished == 0 ? "" : "; " + unfinished + " calls were still running and were dropped");
    stopped.countDown();
  }

  /** How many connections have a call between its request and its reply. */
  private int busyConnections() {
    return busy(connections);
  }

  private static int busy(Set<Channel> connections) {
    int busy = 0;
    for (Channel connection : connections) {
      Connection handler = connection.pipeline().get(Connection.class);
      if (handler != null && handler.isBusy()) {
        busy++;
      }
    }
    return busy;
  }

    /** Blocks until {@link #stop()} has finished. */
  public void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port metrics are served on, or -1 without {@code --metrics-listen}. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  private static List<String> names(FilterRegistry registry) {
    List<String> names = new ArrayList<>();
    for (FilterBinding<?> binding : registry.filters()) {
      names.add(binding.name());
    }
    return names;
  }

  /** What the metrics read at each scrape. */
  private record State(
      Set<Channel> connectionSet, ThreadPoolExecutor blockingPool, ConfCache confs)
      implements RunnerState {
    @Override
    public int connections() {
      return connectionSet.size();
    }

    @Override
    public int callsInFlight() {
      return busy(connectionSet);
    }

    @Override
    public int blockingQueued() {
      return blockingPool.getQueue().size();
    }

    @Override
    public int blockingActive() {
      return blockingPool.getActiveCount();
    }

    @Override
    public int cachedConfs() {
      return confs.size();
    }

    @Override
    public long cachedConfBytes() {
      return confs.bytes();
    }

    @Override
    public long evictedConfs() {
      return confs.evicted();
    }

    @Override
    public long expiredConfs() {
      return confs.expired();
    }
  }

  /** The one line that says what runs. */
  public String describe(FilterRegistry registry, String version, String parentWatch) {
    List<String> names = names(registry);
    return "a6 runner "
        + version
        + " listening on unix:"
        + socket()
        + " (mode "
        + String.format("%04o", config.socketMode())
        + ", transport "
        + transport
        + ", "
        + config.ioThreads()
        + " io threads); conf tokens live "
        + config.chainTtlNanos() / 1_000_000_000L
        + " s (1.2 x APISIX_CONF_EXPIRE_TIME "
        + config.confExpireSeconds()
        + " s); "
        + (names.size() == 1 ? "1 plugin: " : names.size() + " plugins: ")
        + String.join(", ", names)
        + "; "
        + parentWatch
        + (metrics == null
            ? ""
            : "; metrics at http://"
                + Objects.requireNonNull(config.metricsListen()).getHostString()
                + ":"
                + metrics.port() + "/metrics");
  }

  /** The transport: native epoll where it loads, else NIO's Unix domain sockets. */
  private record TransportChoice(
      String description,
      IoHandlerFactory ioFactory,
      Supplier<ServerChannel> serverChannel,
      boolean epoll) {

    static TransportChoice of(Transport wanted) {
      if (wanted == Transport.NIO) {
        return nio("nio, as configured");
      }
      if (Epoll.isAvailable()) {
        return new TransportChoice(
            "epoll (native)", EpollIoHandler.newFactory(), EpollServerDomainSocketChannel::new, true);
      }
      String cause = String.valueOf(Epoll.unavailabilityCause());
      if (wanted == Transport.EPOLL) {
        throw new StartupException(
            "--transport epoll was asked for, but native epoll is unavailable: " + cause);
      }
      return nio("nio, epoll unavailable: " + cause);
    }

    private static TransportChoice nio(String description) {
      return new TransportChoice(
          description, NioIoHandler.newFactory(), NioServerDomainSocketChannel::new, false);
    }

    /**
     * The server channel for a socket listening since start-up: by its descriptor for epoll (the
     * JDK's channel stays open, unused, so that nothing closes the descriptor under Netty), or
     * the JDK's channel itself for NIO.
     */
    ServerChannel adopt(EarlySocket early) {
      if (epoll && early.descriptor() >= 0) {
        return new EpollServerDomainSocketChannel(early.descriptor(), true);
      }
      return new NioServerDomainSocketChannel(early.channel());
    }

    SocketAddress address(Path socket) {
      return epoll ? new DomainSocketAddress(socket.toString()) : UnixDomainSocketAddress.of(socket);
    }
  }
}
