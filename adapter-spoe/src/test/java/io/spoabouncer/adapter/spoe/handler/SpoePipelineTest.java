package io.spoabouncer.adapter.spoe.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.SpopStatus;
import io.spoabouncer.adapter.spoe.codec.Varint;
import io.spoabouncer.adapter.spoe.testing.Hex;
import io.spoabouncer.adapter.spoe.testing.NettyLeakCheck;
import io.spoabouncer.adapter.spoe.testing.Spop;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.core.remediation.RemediationService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole pipeline on an EmbeddedChannel, fed with HAProxy 2.6's captured frames (research/spop.md §7). */
class SpoePipelineTest {
    static final String HELLO_ENGINE = "000000810100000001000012737570706f727465642d76657273696f6e730803322e300e6d61782d6672616d652d73697a6503fcf0060c6361706162696c69746965730810706970656c696e696e672c6173796e6309656e67696e652d6964082435653037373231632d303331312d346665332d393734382d303635353061646565626333";
    static final String HELLO_HEALTHCHECK = "0000004e0100000001000012737570706f727465642d76657273696f6e730803322e300e6d61782d6672616d652d73697a6503fcf0060c6361706162696c697469657308000b6865616c7468636865636b11";
    static final String AGENT_HELLO_PIPELINING = "00000040650000000100000776657273696f6e0803322e300e6d61782d6672616d652d73697a6503fcf0060c6361706162696c6974696573080a706970656c696e696e67";
    static final String NOTIFY_V4 = "0000007f030000000100010d636865636b2d7265717565737406026970067f00000104706f727404fcbf12066d6574686f640803474554047061746808042f666f6f02756108096375726c2d74657374026964082e37463030303030313a394345435f37463030303030313a314639305f36423038434534445f303030303a31413831";
    static final String NOTIFY_TWO_MESSAGES = "0000006b030000000100010d636865636b2d7265717565737404026970067f000001066d6574686f640804504f5354047061746808022f6d027561080b6375726c2f372e38382e310c636865636b2d636c69656e740400067f0000010004f0db070373736c0106686472636e740405";
    static final String NOTIFY_GROUP = "0000004d03000000010002086c6174652d6d73670504686f7374080f3132372e302e302e313a313830383002763611036e656704fff0fefefefefefefe0e0362696704f0f1fefe7e0362696e090378797a";
    static final String DISCONNECT_TIMEOUT = "00000031020000000100000b7374617475732d636f64650302076d6573736167650812612074696d656f7574206f63637572726564";
    static final String UNKNOWN_FRAME = "00000008c800000001000100";

    final DecisionStore store = new DecisionStore();
    final RecordingMetrics metrics = new RecordingMetrics();
    EmbeddedChannel channel;

    @BeforeAll
    static void paranoid() {
        NettyLeakCheck.assertParanoid();
    }

    EmbeddedChannel open(int maxFrameSize) {
        return open(maxFrameSize, 64 * 1024);
    }

    EmbeddedChannel open(int maxFrameSize, int maxHeaderBytes) {
        DecisionFactory f = new DecisionFactory();
        store.apply("test", List.of(
                f.create("Ip", "192.0.2.1", "ban", "cscli", "", Decision.NEVER_EXPIRES, "test"),
                f.create("Range", "198.51.100.0/24", "captcha", "CAPI", "", Decision.NEVER_EXPIRES, "test"),
                f.create("Ip", "2001:db8::bad", "ban", "cscli", "", Decision.NEVER_EXPIRES, "test")), List.of());
        channel = new EmbeddedChannel(new SpoePipeline(new RemediationService(store, GeoLocator.NONE, metrics), metrics, null,
                maxFrameSize, maxHeaderBytes, 512 * 1024));
        return channel;
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    ByteBuf next() {
        return channel.readOutbound();
    }

    void handshake() {
        channel.writeInbound(Hex.buf(HELLO_ENGINE));
        ByteBuf hello = next();
        assertNotNull(hello);
        hello.release();
    }

    /** Reads an outbound frame: returns its type, asserts FIN, and leaves the reader at the payload. */
    static int header(ByteBuf frame, long[] ids) {
        assertEquals(frame.readableBytes() - 4, frame.readInt(), "length prefix");
        int type = frame.readUnsignedByte();
        assertEquals(FrameType.FLAG_FIN, frame.readInt(), "FIN on every agent frame");
        ids[0] = Varint.read(frame);
        ids[1] = Varint.read(frame);
        return type;
    }

    /** Decodes an ACK's set-var/unset-var actions into scope.name -> value (unset → "<unset>"). */
    static Map<String, Object> actions(ByteBuf frame, long[] ids) {
        assertEquals(FrameType.ACK, header(frame, ids));
        Map<String, Object> out = new LinkedHashMap<>();
        while (frame.isReadable()) {
            int action = frame.readUnsignedByte();
            int args = frame.readUnsignedByte();
            int scope = frame.readUnsignedByte();
            String name = frame.readCharSequence((int) Varint.read(frame), StandardCharsets.US_ASCII).toString();
            assertEquals(2, scope, "transaction scope");
            if (action == 1) {
                assertEquals(3, args);
                out.put(name, readTyped(frame));
            } else {
                assertEquals(2, action);
                assertEquals(2, args);
                out.put(name, "<unset>");
            }
        }
        frame.release();
        return out;
    }

    static Object readTyped(ByteBuf frame) {
        ByteBuf kv = Unpooled.buffer();
        KvList.writeName(kv, "v");
        int type = frame.readUnsignedByte();
        kv.writeByte(type);
        if ((type & 0x0f) == 8) {
            int len = (int) Varint.read(frame);
            Varint.write(kv, len);
            kv.writeBytes(frame, len);
        }
        Object v = KvList.read(kv).get("v");
        kv.release();
        return v;
    }

    @Test
    void answersTheCapturedHelloWithPipeliningAndTheOfferedFrameSize() {
        open(1024 * 1024);
        channel.writeInbound(Hex.buf(HELLO_ENGINE));
        ByteBuf hello = next();
        assertEquals(AGENT_HELLO_PIPELINING, Hex.of(hello));
        hello.release();
        assertNull(channel.pipeline().get(SpoePipeline.HANDSHAKE), "the handshake handler removed itself");
        assertTrue(channel.isActive());
    }

    @Test
    void neverAnswersMoreThanOurOwnBound() {
        open(4096);
        channel.writeInbound(Hex.buf(HELLO_ENGINE));
        ByteBuf hello = next();
        hello.skipBytes(4 + 7);
        assertEquals(4096L, KvList.read(hello).get("max-frame-size"));
        hello.release();
    }

    @Test
    void answersTheHealthCheckAndCloses() {
        open(1024 * 1024);
        channel.writeInbound(Hex.buf(HELLO_HEALTHCHECK));
        ByteBuf hello = next();
        assertEquals(AGENT_HELLO_PIPELINING, Hex.of(hello));
        hello.release();
        assertFalse(channel.isOpen());
        assertEquals(List.of(true), metrics.handshakes);
    }

    @Test
    void judgesCrowdsecTcpAndEchoesIds() {
        open(1024 * 1024);
        handshake();
        channel.writeInbound(Spop.tcpCheck(249011, 1, "192.0.2.1"));
        long[] ids = new long[2];
        assertEquals(Map.of("remediation", "ban"), actions(next(), ids));
        assertEquals(249011, ids[0]);
        assertEquals(1, ids[1]);
        channel.writeInbound(Spop.tcpCheck(7, 2, "198.51.100.77"));
        assertEquals(Map.of("remediation", "captcha"), actions(next(), ids));
        channel.writeInbound(Spop.tcpCheck(8, 1, "203.0.113.5"));
        assertEquals(Map.of("remediation", "allow"), actions(next(), ids));
        channel.writeInbound(Spop.tcpCheck(9, 1, "2001:db8::bad"));
        assertEquals(Map.of("remediation", "ban"), actions(next(), ids));
    }

    @Test
    void pipelinedNotifiesInOneReadGetOneAckEach() {
        open(1024 * 1024);
        handshake();
        ByteBuf batch = Unpooled.buffer();
        for (int i = 1; i <= 5; i++) {
            ByteBuf f = Spop.tcpCheck(100 + i, i, i % 2 == 0 ? "192.0.2.1" : "203.0.113.9");
            batch.writeBytes(f);
            f.release();
        }
        channel.writeInbound(batch);
        long[] ids = new long[2];
        for (int i = 1; i <= 5; i++) {
            Map<String, Object> a = actions(next(), ids);
            assertEquals(100 + i, ids[0]);
            assertEquals(i, ids[1]);
            assertEquals(i % 2 == 0 ? "ban" : "allow", a.get("remediation"));
        }
    }

    @Test
    void aFrameSplitAcrossReadsIsReassembled() {
        open(1024 * 1024);
        handshake();
        ByteBuf whole = Spop.tcpCheck(1, 1, "192.0.2.1");
        while (whole.isReadable()) {
            channel.writeInbound(whole.readRetainedSlice(Math.min(3, whole.readableBytes())));
        }
        whole.release();
        assertEquals("ban", actions(next(), new long[2]).get("remediation"));
    }

    @Test
    void httpMessageRereadsTheAddress_andHonoursNbArgsAcrossMessages() {
        open(1024 * 1024);
        handshake();
        channel.writeInbound(Spop.notify(3, 2, out -> {
            // A foreign message first: its args must be skipped by count, not to the end.
            Spop.message(out, "check-client", 2).ip("", "192.0.2.1").int64("", -1);
            Spop.message(out, "crowdsec-http-no-body", 11)
                    .nul("remediation").string("id", "x").string("method", "GET").string("path", "/")
                    .nul("query").string("version", "1.1")
                    .string("headers", "host: example.com\r\nuser-agent: curl\r\n\r\n")
                    .string("url", "/").bool("ssl", false).ip("src-ip", "198.51.100.1").int64("src-port", 1234);
        }));
        assertEquals(Map.of("remediation", "captcha"), actions(next(), new long[2]));
    }

    @Test
    void headersOverTheirBoundAreDropped_theRequestIsStillJudged_andCounted() {
        open(1024 * 1024, 1024);
        handshake();
        channel.writeInbound(Spop.notify(1, 1, out -> Spop.message(out, "crowdsec-http-no-body", 2)
                .string("headers", "host: x\r\nx-big: " + "a".repeat(2000) + "\r\n\r\n").ip("src-ip", "192.0.2.1")));
        assertEquals(Map.of("remediation", "ban"), actions(next(), new long[2]));
        assertEquals(1, metrics.oversized);
    }

    @Test
    void aRequestWhoseJudgingThrowsGetsNoVerdict_theConnectionAndItsOtherRequestsGoOn() {
        // found by fuzzing: a captcha cookie with a truncated escape threw out of the judging and HAProxy lost
        // the whole connection, every in-flight request on it included
        RemediationService real = new RemediationService(store, GeoLocator.NONE, metrics);
        open(1024 * 1024);
        int[] calls = {0};
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new SpoePipeline((request, verdict) -> {
            if (++calls[0] == 2) {
                throw new IllegalStateException("a bug in judging");
            }
            return real.handle(request, verdict);
        }, metrics, null, 1024 * 1024, 64 * 1024, 512 * 1024));
        handshake();
        ByteBuf batch = Unpooled.buffer();
        for (String ip : new String[] {"192.0.2.1", "192.0.2.1", "192.0.2.1"}) {
            ByteBuf f = Spop.tcpCheck(7, batch.readableBytes() + 1, ip);
            batch.writeBytes(f);
            f.release();
        }
        channel.writeInbound(batch);
        long[] ids = new long[2];
        assertEquals("ban", actions(next(), ids).get("remediation"));
        assertEquals(Map.of("noop", "<unset>"), actions(next(), ids), "no verdict: HAProxy's fail-safe decides for this one request");
        assertEquals("ban", actions(next(), ids).get("remediation"));
        assertTrue(channel.isOpen(), "the connection stays");
        assertEquals(1, metrics.failed);
    }

    @Test
    void anAckLargerThanTheNegotiatedFrameIsRefusedWithoutLeaking() {
        channel = new EmbeddedChannel(new SpoePipeline((request, verdict) -> {
            verdict.reset();
            verdict.set(io.spoabouncer.domain.request.TxnVar.CAPTCHA_COOKIE, "x".repeat(400));
            return null;
        }, metrics, null, 256, 64 * 1024, 512 * 1024));
        channel.writeInbound(Spop.haproxyHello(256, "pipelining", false));
        ByteBuf hello = next();
        hello.release();
        channel.writeInbound(Spop.tcpCheck(1, 1, "192.0.2.1"));
        assertDisconnect(SpopStatus.RESOURCE_ALLOCATION_ERROR);
    }

    @Test
    void anAsyncVerdictIsWrittenWhenItCompletes_withItsIds() {
        java.util.concurrent.CompletableFuture<io.spoabouncer.domain.request.Verdict> later = new java.util.concurrent.CompletableFuture<>();
        channel = new EmbeddedChannel(new SpoePipeline((request, verdict) -> later, metrics, null, 1 << 20, 64 * 1024, 512 * 1024));
        handshake();
        channel.writeInbound(Spop.tcpCheck(77, 3, "192.0.2.1"));
        assertNull(next(), "nothing until the slow step completes");
        io.spoabouncer.domain.request.Verdict v = new io.spoabouncer.domain.request.Verdict();
        v.decide(io.spoabouncer.domain.decision.Remediation.ALLOW, null);
        v.setRedirect(true);
        later.complete(v);
        channel.runPendingTasks();
        long[] ids = new long[2];
        assertEquals(Map.of("remediation", "allow", "redirect", "1"), actions(next(), ids));
        assertEquals(77, ids[0]);
        assertEquals(3, ids[1]);
    }

    @Test
    void foreignMessagesGetAHarmlessNonEmptyAck() {
        open(1024 * 1024);
        handshake();
        for (String hex : List.of(NOTIFY_V4, NOTIFY_TWO_MESSAGES, NOTIFY_GROUP)) {
            channel.writeInbound(Hex.buf(hex));
            assertEquals(Map.of("noop", "<unset>"), actions(next(), new long[2]), hex);
        }
        assertTrue(channel.isActive());
    }

    @Test
    void unknownFrameTypesAreSkipped() {
        open(1024 * 1024);
        handshake();
        channel.writeInbound(Hex.buf(UNKNOWN_FRAME));
        assertNull(next());
        channel.writeInbound(Spop.tcpCheck(1, 1, "192.0.2.1"));
        assertEquals("ban", actions(next(), new long[2]).get("remediation"));
        assertTrue(metrics.framesIn.contains(200));
    }

    @Test
    void haproxyDisconnectIsAnsweredThenClosed() {
        open(1024 * 1024);
        handshake();
        channel.writeInbound(Hex.buf(DISCONNECT_TIMEOUT));
        assertDisconnect(SpopStatus.NORMAL);
        assertEquals(List.of(2), metrics.disconnectsIn);
    }

    @Test
    void oversizedFrameBeforeHelloIsRefusedWithStatus3() {
        open(1024 * 1024);
        channel.writeInbound(Hex.buf("00100000 01 00000001 0000"));
        assertDisconnect(SpopStatus.FRAME_TOO_BIG);
    }

    @Test
    void frameLargerThanNegotiatedIsRefusedWithStatus3() {
        open(1024 * 1024);
        handshake();
        ByteBuf big = Spop.notify(1, 1, out -> Spop.message(out, "crowdsec-http-body", 1).binary("body", new byte[20_000]));
        channel.writeInbound(big);
        assertDisconnect(SpopStatus.FRAME_TOO_BIG);
    }

    @Test
    void firstFrameMustBeHello() {
        open(1024 * 1024);
        channel.writeInbound(Spop.tcpCheck(1, 1, "192.0.2.1"));
        assertDisconnect(SpopStatus.INVALID_FRAME);
    }

    @Test
    void helloWithoutVersion2IsRefused() {
        open(1024 * 1024);
        ByteBuf hello = Unpooled.buffer();
        int start = io.spoabouncer.adapter.spoe.codec.Frames.begin(hello, FrameType.HAPROXY_HELLO, 0, 0);
        KvList.writeString(hello, "supported-versions", "1.0");
        KvList.writeUint32(hello, "max-frame-size", 16380);
        io.spoabouncer.adapter.spoe.codec.Frames.end(hello, start);
        channel.writeInbound(hello);
        assertDisconnect(SpopStatus.UNSUPPORTED_VERSION);
    }

    @Test
    void helloOfferingATinyFrameIsRefusedWithStatus9() {
        open(1024 * 1024);
        channel.writeInbound(Spop.haproxyHello(100, "pipelining", false));
        assertDisconnect(SpopStatus.BAD_FRAME_SIZE);
    }

    @Test
    void helloWithoutEngineIdOrCapabilitiesIsFine() {
        open(1024 * 1024);
        channel.writeInbound(Spop.haproxyHello(16380, "", false));
        ByteBuf hello = next();
        assertEquals(FrameType.AGENT_HELLO, header(hello, new long[2]));
        hello.release();
        assertTrue(channel.isActive());
    }

    @Test
    void notifyWithoutFinIsRefusedWithStatus10() {
        open(1024 * 1024);
        handshake();
        ByteBuf f = Spop.tcpCheck(1, 1, "192.0.2.1");
        f.setInt(5, 0);
        channel.writeInbound(f);
        assertDisconnect(SpopStatus.FRAGMENTATION_NOT_SUPPORTED);
    }

    @Test
    void lengthsPointingPastTheFrameAreRefusedWithStatus4() {
        open(1024 * 1024);
        handshake();
        // crowdsec-tcp with one argument whose string length claims 200 bytes.
        channel.writeInbound(Hex.buf("00000019 03 00000001 01 01 0c 63726f7764736563 2d746370 01 02 6964 08 c8 41"));
        assertDisconnect(SpopStatus.INVALID_FRAME);
    }

    @Test
    void tooShortFramesAreRefused() {
        open(1024 * 1024);
        channel.writeInbound(Hex.buf("00000000"));
        assertDisconnect(SpopStatus.INVALID_FRAME);
    }

    @Test
    void unknownDataTypeIsRefusedWithStatus4() {
        open(1024 * 1024);
        handshake();
        channel.writeInbound(Spop.notify(1, 1, out -> {
            Spop.message(out, "crowdsec-tcp", 1);
            out.writeByte(1).writeByte('x').writeByte(0x0c);
        }));
        assertDisconnect(SpopStatus.INVALID_FRAME);
    }

    void assertDisconnect(SpopStatus expected) {
        ByteBuf frame = next();
        assertNotNull(frame, "AGENT-DISCONNECT expected");
        assertEquals(FrameType.AGENT_DISCONNECT, header(frame, new long[2]));
        Map<String, Object> kv = KvList.read(frame);
        frame.release();
        assertEquals((long) expected.code(), kv.get("status-code"), String.valueOf(kv.get("message")));
        assertTrue(((String) kv.get("message")).startsWith(expected.message()), String.valueOf(kv.get("message")));
        assertFalse(channel.isOpen(), "closed after AGENT-DISCONNECT");
        assertTrue(metrics.disconnectsOut.contains(expected.code()));
    }

    static final class RecordingMetrics extends io.spoabouncer.ports.out.NoopAgentMetrics {
        final List<Boolean> handshakes = new ArrayList<>();
        final List<Integer> framesIn = new ArrayList<>();
        final List<Integer> disconnectsIn = new ArrayList<>();
        final List<Integer> disconnectsOut = new ArrayList<>();
        int oversized;
        int failed;

        @Override
        public void argumentTooLarge() {
            oversized++;
        }

        @Override
        public void requestFailed() {
            failed++;
        }

        @Override
        public void handshake(boolean healthCheck) {
            handshakes.add(healthCheck);
        }

        @Override
        public void frameReceived(int type) {
            framesIn.add(type);
        }

        @Override
        public void disconnectReceived(int status) {
            disconnectsIn.add(status);
        }

        @Override
        public void disconnectSent(int status) {
            disconnectsOut.add(status);
        }
    }
}
