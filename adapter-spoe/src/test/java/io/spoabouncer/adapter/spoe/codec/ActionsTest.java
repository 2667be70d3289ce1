package io.spoabouncer.adapter.spoe.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spoabouncer.adapter.spoe.testing.Hex;
import org.junit.jupiter.api.Test;

class ActionsTest {
    /** research/spop.md §7.6: an ACK HAProxy 2.6 applied (ip_score=42, tag, blocked=false). */
    @Test
    void encodesTheCapturedAck() {
        ByteBuf out = Unpooled.buffer();
        int start = Frames.begin(out, FrameType.ACK, 0, 1);
        Actions.setInteger(out, Actions.Scope.TXN, "ip_score", DataType.UINT32, 42);
        Actions.setString(out, Actions.Scope.TXN, "tag", "hello-from-spoa");
        Actions.setBool(out, Actions.Scope.TXN, "blocked", false);
        Frames.end(out, start);
        assertEquals("00000039670000000100010103020869705f73636f7265032a01030203746167080f68656c6c6f2d66726f6d2d73706f6101030207626c6f636b656401",
                Hex.of(out));
        out.release();
    }

    /** haproxy issue #2490: ACK sid 249011 fid 1, set-var txn allowed = BOOL true. */
    @Test
    void encodesLargeStreamIds() {
        ByteBuf out = Unpooled.buffer();
        int start = Frames.begin(out, FrameType.ACK, 249011, 1);
        Actions.setBool(out, Actions.Scope.TXN, "allowed", true);
        Frames.end(out, start);
        assertEquals("000000156700000001f3bc780101030207616c6c6f77656411", Hex.of(out));
        out.release();
    }

    @Test
    void encodesEveryScopeAndType() {
        ByteBuf out = Unpooled.buffer();
        Actions.setNull(out, Actions.Scope.PROC, "a");
        Actions.setInteger(out, Actions.Scope.SESS, "b", DataType.INT32, -1);
        Actions.setInteger(out, Actions.Scope.REQ, "c", DataType.INT64, 4294967296L);
        Actions.setInteger(out, Actions.Scope.RES, "d", DataType.UINT64, 240);
        Actions.setAddress(out, Actions.Scope.TXN, "e", new byte[] {127, 0, 0, 1});
        Actions.setAddress(out, Actions.Scope.TXN, "f", new byte[16]);
        Actions.setBinary(out, Actions.Scope.TXN, "g", new byte[] {1, 2});
        Actions.unsetVar(out, Actions.Scope.SESS, "h");
        assertEquals("010300016100"
                + "0103010162" + "02fff0fefefefefefefe0e"
                + "0103030163" + "04f0f1fefe7e"
                + "0103040164" + "05f000"
                + "010302016506" + "7f000001"
                + "010302016607" + "00000000000000000000000000000000"
                + "010302016709020102"
                + "0202010168", Hex.of(out));
        out.release();
    }

    /** research/spop.md §7.9: our AGENT-DISCONNECT "bye", accepted by HAProxy. */
    @Test
    void encodesAgentDisconnect() {
        ByteBuf out = Frames.agentDisconnect(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, 0, "bye");
        assertEquals("00000022660000000100000b7374617475732d636f64650300076d6573736167650803627965", Hex.of(out));
        out.release();
    }

    @Test
    void truncatesDisconnectMessagesTo255Bytes() {
        ByteBuf out = Frames.agentDisconnect(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, 4, "é".repeat(300));
        out.skipBytes(4 + 7);
        java.util.Map<String, Object> kv = KvList.read(out);
        assertEquals(4L, kv.get("status-code"));
        assertEquals(true, ((String) kv.get("message")).getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255);
        out.release();
    }
}
