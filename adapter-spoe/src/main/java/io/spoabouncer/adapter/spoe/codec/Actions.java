package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * ACK actions, exactly as HAProxy parses them: action type, NB-ARGS (3 for set-var, 2 for unset-var,
 * anything else makes HAProxy drop the rest of the ACK), a raw scope byte, a name without type byte,
 * and for set-var a typed value.
 */
public final class Actions {
    public static final int SET_VAR = 1;
    public static final int UNSET_VAR = 2;

    /** Variable scopes: HAProxy names the variable {@code <scope>.<var-prefix>.<name>}. */
    public enum Scope {
        PROC, SESS, TXN, REQ, RES;

        public int code() {
            return ordinal();
        }
    }

    private Actions() {
    }

    private static void setVarHeader(ByteBuf out, Scope scope, String name) {
        out.writeByte(SET_VAR);
        out.writeByte(3);
        out.writeByte(scope.code());
        KvList.writeName(out, name);
    }

    public static void unsetVar(ByteBuf out, Scope scope, String name) {
        out.writeByte(UNSET_VAR);
        out.writeByte(2);
        out.writeByte(scope.code());
        KvList.writeName(out, name);
    }

    /** A NULL value: HAProxy unsets the variable. */
    public static void setNull(ByteBuf out, Scope scope, String name) {
        setVarHeader(out, scope, name);
        out.writeByte(DataType.NULL);
    }

    public static void setBool(ByteBuf out, Scope scope, String name, boolean value) {
        setVarHeader(out, scope, name);
        out.writeByte(DataType.BOOL | (value ? DataType.BOOL_TRUE_FLAG : 0));
    }

    /** One of INT32, UINT32, INT64, UINT64: the value's two's-complement pattern as a varint. */
    public static void setInteger(ByteBuf out, Scope scope, String name, int dataType, long value) {
        if (!DataType.isInteger(dataType)) {
            throw new IllegalArgumentException("not an integer type: " + dataType);
        }
        setVarHeader(out, scope, name);
        out.writeByte(dataType);
        Varint.write(out, value);
    }

    /** 4 bytes for IPV4, 16 for IPV6, network order. */
    public static void setAddress(ByteBuf out, Scope scope, String name, byte[] address) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address of " + address.length + " bytes (expected: 4 or 16)");
        }
        setVarHeader(out, scope, name);
        out.writeByte(address.length == 4 ? DataType.IPV4 : DataType.IPV6);
        out.writeBytes(address);
    }

    public static void setString(ByteBuf out, Scope scope, String name, String value) {
        setBytes(out, scope, name, DataType.STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    public static void setBinary(ByteBuf out, Scope scope, String name, byte[] value) {
        setBytes(out, scope, name, DataType.BINARY, value);
    }

    private static void setBytes(ByteBuf out, Scope scope, String name, int type, byte[] value) {
        setVarHeader(out, scope, name);
        out.writeByte(type);
        Varint.write(out, value.length);
        out.writeBytes(value);
    }
}
