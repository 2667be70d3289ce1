package io.spoabouncer.adapter.spoe.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.spoabouncer.adapter.spoe.codec.Frames;
import io.spoabouncer.adapter.spoe.codec.SpopStatus;
import io.spoabouncer.adapter.spoe.handler.SpoePipeline;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.spi.Transport;
import io.spoabouncer.ports.spi.TransportContext;
import io.spoabouncer.adapter.spoe.handler.Disconnects;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPOP listeners: TCP and/or a Unix socket, on the native epoll transport where available (NIO
 * otherwise for TCP). On stop, every open connection gets AGENT-DISCONNECT before it is closed.
 */
public final class SpoeServer implements Transport {
    private static final Logger log = LoggerFactory.getLogger(SpoeServer.class);

    private final SpoeSettings settings;
    private final TransportContext context;
    private final List<Channel> listeners = new ArrayList<>();
    private AgentMetrics metrics;
    private EventLoopGroup group;
    private SpoePipeline pipeline;
    private ChannelGroup connections;

    public SpoeServer(SpoeSettings settings, TransportContext context) {
        this.settings = settings;
        this.context = context;
    }

    public SpoeServer(SpoeSettings settings, RequestHandler handler, AgentMetrics metrics) {
        this(settings, new TransportContext() {
            @Override
            public RequestHandler handler() {
                return handler;
            }

            @Override
            public AgentMetrics metrics() {
                return metrics;
            }
        });
    }

    @Override
    public void start() throws Exception {
        RequestHandler handler = context.handler();
        metrics = context.metrics();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(settings.workerThreads(), new DefaultThreadFactory("spoe", true), io);
        connections = new DefaultChannelGroup("spoe-connections", GlobalEventExecutor.INSTANCE);
        pipeline = new SpoePipeline(handler, metrics, connections, settings.limits());
        log.info("SPOP bounds: {} connections, frames up to {} bytes, {} NOTIFYs waiting per connection, unsent ACKs paused at {} bytes;"
                + " one connection holds at most {} MiB of buffers whatever its peer does, all of them {} MiB",
                settings.limits().maxConnections(), settings.maxFrameSize(), settings.limits().maxInFlight(),
                settings.limits().writeHighWaterMark(), settings.limits().perConnectionBound() >> 20, settings.limits().memoryBound() >> 20);
        try {
            if (settings.listenTcp() != null) {
                listeners.add(bind(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                        settings.listenTcp(), pipeline, true));
            }
            if (settings.listenUnix() != null) {
                if (!epoll) {
                    throw new IllegalStateException("spoe.listen-unix needs the native epoll transport, which is not available here: "
                            + Epoll.unavailabilityCause());
                }
                Path path = Path.of(settings.listenUnix());
                Files.deleteIfExists(path); // a stale socket from a previous run
                listeners.add(bind(EpollServerDomainSocketChannel.class, new DomainSocketAddress(path.toFile()), pipeline, false));
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            }
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    private Channel bind(Class<? extends ServerChannel> type, SocketAddress address, SpoePipeline pipeline, boolean tcp) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(settings.limits().writeLowWaterMark(), settings.limits().writeHighWaterMark()))
                .childHandler(pipeline);
        if (tcp) {
            b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
        }
        try {
            return b.bind(address).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The addresses actually bound (a TCP port 0 resolves to the chosen port). */
    public List<SocketAddress> boundAddresses() {
        List<SocketAddress> out = new ArrayList<>();
        for (Channel c : listeners) {
            out.add(c.localAddress());
        }
        return out;
    }

    /** SPOP connections open now. */
    public int openConnections() {
        return pipeline == null ? 0 : pipeline.openConnections();
    }

    public int tcpPort() {
        for (Channel c : listeners) {
            if (c.localAddress() instanceof InetSocketAddress) {
                return ((InetSocketAddress) c.localAddress()).getPort();
            }
        }
        return -1;
    }

    @Override
    public void stop() {
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly();
        }
        listeners.clear();
        if (connections != null) {
            for (Channel c : connections) {
                // Through the connection's own guard: at most one AGENT-DISCONNECT per connection.
                c.eventLoop().execute(() -> Disconnects.send(c, SpopStatus.NORMAL, "agent shutting down", metrics));
            }
            connections.newCloseFuture().awaitUninterruptibly(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            connections.close().awaitUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
            group = null;
        }
    }

    @Override
    public String describe() {
        return "SPOE agent on " + boundAddresses() + " (" + (Epoll.isAvailable() ? "epoll" : "nio") + ", "
                + settings.workerThreads() + " threads, max-frame-size " + settings.maxFrameSize() + ")";
    }
}
