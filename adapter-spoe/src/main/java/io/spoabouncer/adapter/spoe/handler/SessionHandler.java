package io.spoabouncer.adapter.spoe.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.spoabouncer.adapter.spoe.codec.AckWriter;
import io.spoabouncer.adapter.spoe.codec.FrameHeader;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.Frames;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.NotifyReader;
import io.spoabouncer.adapter.spoe.codec.SpopException;
import io.spoabouncer.adapter.spoe.codec.SpopStatus;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the handshake: NOTIFY → judge each of our messages → one ACK echoing stream-id and frame-id;
 * HAPROXY-DISCONNECT → AGENT-DISCONNECT and close; unknown frame types are skipped and counted.
 * Runs on the channel's event loop with one pooled request and verdict per connection; ACKs are written
 * as single buffers and flushed once per read batch.
 */
public final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final RequestHandler handler;
    private final AgentMetrics metrics;
    private final NotifyReader reader;
    private final ClientRequest request = new ClientRequest();
    private final Verdict verdict = new Verdict();
    private final FrameHeader header = new FrameHeader();
    private final int maxFrameSize;
    private final ReadGate gate;
    private final PeerLog peerLog;
    private boolean pendingFlush;

    /** @param gate counts the NOTIFYs waiting for a slow step, and stops reading past its bound */
    public SessionHandler(RequestHandler handler, AgentMetrics metrics, int maxHeaderBytes, int maxBodyBytes, int maxFrameSize, ReadGate gate,
                          PeerLog peerLog) {
        this.handler = handler;
        this.metrics = metrics;
        this.reader = new NotifyReader(maxHeaderBytes, maxBodyBytes);
        this.maxFrameSize = maxFrameSize;
        this.gate = gate;
        this.peerLog = peerLog;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            int type = header.read(frame).type();
            metrics.frameReceived(type);
            switch (type) {
                case FrameType.NOTIFY:
                    if (!header.fin()) {
                        throw new SpopException(SpopStatus.FRAGMENTATION_NOT_SUPPORTED, "fragmented NOTIFY (no FIN): fragmentation was not announced");
                    }
                    notify(ctx, frame, header.streamId(), header.frameId());
                    break;
                case FrameType.HAPROXY_DISCONNECT:
                    disconnected(ctx, frame);
                    break;
                case FrameType.HAPROXY_HELLO:
                    throw SpopException.invalid("HAPROXY-HELLO after the handshake");
                default:
                    // The spec allows skipping unknown frames; HAProxy does the same.
                    if (log.isDebugEnabled()) {
                        log.debug("skipping frame of unknown type {} from {}", type, ctx.channel().remoteAddress());
                    }
            }
        } finally {
            frame.release();
        }
    }

    private void notify(ChannelHandlerContext ctx, ByteBuf frame, long streamId, long frameId) {
        long started = System.nanoTime();
        ByteBuf ack = ctx.alloc().ioBuffer(128);
        CompletableFuture<Verdict>[] later = null;
        int start;
        try {
            start = Frames.begin(ack, FrameType.ACK, streamId, frameId);
            boolean any = false;
            while (frame.isReadable()) {
                RequestKind kind = reader.read(frame, request);
                if (reader.takeOversized() > 0) {
                    metrics.argumentTooLarge();
                }
                if (kind != null) {
                    CompletionStage<Verdict> pending;
                    try {
                        pending = handler.handle(request, verdict);
                    } catch (RuntimeException e) {
                        // One request's bug must not cost the connection's other requests their verdicts:
                        // this one gets none (HAProxy's fail-safe decides), the rest go on.
                        requestFailed(ctx, kind, e);
                        continue;
                    }
                    if (pending == null) {
                        AckWriter.writeVerdict(ack, verdict);
                    } else {
                        later = append(later, pending.toCompletableFuture());
                    }
                    any = true;
                }
            }
            if (!any) {
                AckWriter.writeNoop(ack);
            }
        } catch (RuntimeException e) {
            ack.release();
            throw e;
        }
        if (later == null) {
            try {
                finish(ctx, ack, start, started);
            } catch (RuntimeException e) {
                ack.release();
                throw e;
            }
            pendingFlush = true;
            return;
        }
        // A slow step (a captcha provider): the ACK leaves when it is done, from this channel's event loop.
        CompletableFuture<Verdict>[] waiting = later;
        gate.enter();
        CompletableFuture.allOf(waiting).whenComplete((ignored, error) -> {
            try {
                ctx.executor().execute(() -> {
                    gate.leave();
                    writeLater(ctx, ack, start, started, waiting);
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                ack.release();
            }
        });
    }

    private void requestFailed(ChannelHandlerContext ctx, RequestKind kind, RuntimeException e) {
        metrics.requestFailed();
        if (peerLog.admit(ctx.channel().remoteAddress()) >= 0) {
            log.error("judging a {} request from SPOP connection {} failed; it is answered without a verdict (HAProxy's fail-safe decides)",
                    kind, ctx.channel().remoteAddress(), e);
        }
    }

    private void writeLater(ChannelHandlerContext ctx, ByteBuf ack, int start, long started, CompletableFuture<Verdict>[] waiting) {
        if (!ctx.channel().isActive()) {
            ack.release();
            return;
        }
        try {
            for (CompletableFuture<Verdict> f : waiting) {
                Verdict v = f.isCompletedExceptionally() ? null : f.join();
                if (v != null) {
                    AckWriter.writeVerdict(ack, v);
                }
            }
            finish(ctx, ack, start, started);
        } catch (RuntimeException e) {
            ack.release();
            ctx.fireExceptionCaught(e);
            return;
        }
        ctx.flush();
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Verdict>[] append(CompletableFuture<Verdict>[] list, CompletableFuture<Verdict> f) {
        CompletableFuture<Verdict>[] out = list == null ? new CompletableFuture[1] : java.util.Arrays.copyOf(list, list.length + 1);
        out[out.length - 1] = f;
        return out;
    }

    private void finish(ChannelHandlerContext ctx, ByteBuf ack, int start, long started) {
        Frames.end(ack, start);
        if (ack.readableBytes() - 4 > maxFrameSize) {
            throw new SpopException(SpopStatus.RESOURCE_ALLOCATION_ERROR, "ACK of " + (ack.readableBytes() - 4) + " bytes exceeds max-frame-size " + maxFrameSize);
        }
        ctx.write(ack, ctx.voidPromise());
        metrics.frameSent(FrameType.ACK);
        metrics.notifyLatency(System.nanoTime() - started);
    }

    private void disconnected(ChannelHandlerContext ctx, ByteBuf frame) {
        Map<String, Object> kv = KvList.read(frame);
        Object code = kv.get("status-code");
        long status = code instanceof Long ? (Long) code : SpopStatus.UNKNOWN_ERROR.code();
        metrics.disconnectReceived((int) Math.min(status, Integer.MAX_VALUE));
        if (status <= SpopStatus.TIMEOUT.code()) {
            log.debug("HAProxy disconnects {}: status {} '{}'", ctx.channel().remoteAddress(), status, kv.get("message"));
        } else {
            log.warn("HAProxy disconnects {}: status {} '{}'", ctx.channel().remoteAddress(), status, kv.get("message"));
        }
        Disconnects.send(ctx, SpopStatus.NORMAL, SpopStatus.NORMAL.message(), metrics);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pendingFlush) {
            pendingFlush = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }
}
