package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.TxnVar;
import io.spoabouncer.domain.request.Verdict;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Encodes a verdict as set-var actions in the transaction scope (HAProxy names them
 * {@code txn.<var-prefix>.<name>}, i.e. {@code txn.crowdsec.remediation}). The common actions are
 * pre-encoded whole, so an ACK is a few bulk copies.
 */
public final class AckWriter {
    private static final byte[] SET_ALLOW = setVarString("remediation", "allow");
    private static final byte[] SET_BAN = setVarString("remediation", "ban");
    private static final byte[] SET_CAPTCHA = setVarString("remediation", "captcha");
    private static final byte[] SET_CHALLENGE = setVarString("remediation", "challenge");
    private static final byte[] SET_UNKNOWN = setVarString("remediation", "unknown");
    /** set-var txn isocode = STRING of length 2; the two letters follow. */
    private static final byte[] SET_ISOCODE_PREFIX = setVarStringPrefix("isocode", 2);
    /**
     * An ACK for a NOTIFY with none of our messages still carries one harmless action: HAProxy 3.1.0
     * stalled empty ACKs until its processing timeout. Unsetting a name nobody uses changes nothing.
     */
    private static final byte[] UNSET_NOOP = unsetVar("noop");

    private AckWriter() {
    }

    /** The set-var action up to the value for every {@link TxnVar}, by ordinal. */
    private static final byte[][] VAR_NAMES = new byte[TxnVar.ALL.length][];

    static {
        for (TxnVar v : TxnVar.ALL) {
            VAR_NAMES[v.ordinal()] = name(v.haproxyName());
        }
    }

    private static final byte[] SET_REDIRECT = setVarString("redirect", "1");

    public static void writeVerdict(ByteBuf out, Verdict verdict) {
        out.writeBytes(remediationAction(verdict.remediation()));
        int country = verdict.country();
        if (country != CountryCode.NONE) {
            out.writeBytes(SET_ISOCODE_PREFIX);
            out.writeByte(country >>> 8);
            out.writeByte(country & 0xff);
        }
        TxnVar[] vars = TxnVar.ALL;
        for (int i = 0; i < vars.length; i++) {
            writeString(out, VAR_NAMES[i], verdict.get(vars[i]));
        }
        if (verdict.redirect()) {
            out.writeBytes(SET_REDIRECT);
        }
    }

    /** set-var txn name = STRING value, encoded straight from the String (no byte[] per request). */
    private static void writeString(ByteBuf out, byte[] nameAction, String value) {
        if (value == null) {
            return;
        }
        out.writeBytes(nameAction);
        out.writeByte(io.spoabouncer.adapter.spoe.codec.DataType.STRING);
        io.spoabouncer.adapter.spoe.codec.Varint.write(out, ByteBufUtil.utf8Bytes(value));
        ByteBufUtil.writeUtf8(out, value);
    }

    /** The set-var action up to the value's type byte: 01 03 02 <name>. */
    private static byte[] name(String name) {
        byte[] whole = setVarStringPrefix(name, 0);
        return Arrays.copyOf(whole, whole.length - 2);
    }

    public static void writeNoop(ByteBuf out) {
        out.writeBytes(UNSET_NOOP);
    }

    private static byte[] remediationAction(Remediation r) {
        if (r == Remediation.BAN) {
            return SET_BAN;
        }
        if (r == Remediation.CAPTCHA) {
            return SET_CAPTCHA;
        }
        if (r == Remediation.CHALLENGE) {
            return SET_CHALLENGE;
        }
        if (r == Remediation.ALLOW) {
            return SET_ALLOW;
        }
        return SET_UNKNOWN;
    }

    static byte[] setVarString(String name, String value) {
        return encode(out -> Actions.setString(out, Actions.Scope.TXN, name, value));
    }

    /** The set-var action up to and including the STRING length, for a value written after it. */
    private static byte[] setVarStringPrefix(String name, int valueLength) {
        byte[] whole = encode(out -> Actions.setString(out, Actions.Scope.TXN, name, "x".repeat(valueLength)));
        return Arrays.copyOf(whole, whole.length - valueLength);
    }

    private static byte[] unsetVar(String name) {
        return encode(out -> Actions.unsetVar(out, Actions.Scope.TXN, name));
    }

    private static byte[] encode(Consumer<ByteBuf> action) {
        ByteBuf buf = Unpooled.buffer();
        try {
            action.accept(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
