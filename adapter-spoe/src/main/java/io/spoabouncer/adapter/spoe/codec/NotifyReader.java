package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.ByteView;
import io.spoabouncer.domain.request.Ascii;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.RequestKind;
import java.nio.charset.StandardCharsets;

/**
 * Reads one message of a NOTIFY into a pooled {@link ClientRequest}: names are compared as bytes with
 * pre-encoded constants, addresses become primitive keys, text arguments are copied into the request's
 * reusable buffers. Honours NB-ARGS, skips what it does not know, checks every length. Allocation-free.
 */
public final class NotifyReader {
    static final byte[] MSG_TCP = Ascii.bytes("crowdsec-tcp");
    static final byte[] MSG_HTTP_BODY = Ascii.bytes("crowdsec-http-body");
    static final byte[] MSG_HTTP_NO_BODY = Ascii.bytes("crowdsec-http-no-body");
    /** The message names of bouncer versions up to 0.2. */
    static final byte[] MSG_LEGACY_IP = Ascii.bytes("crowdsec-ip");
    static final byte[] MSG_LEGACY_HTTP = Ascii.bytes("crowdsec-http");

    private static final byte[] ARG_SRC_IP = Ascii.bytes("src-ip");
    private static final byte[] ARG_SRC_PORT = Ascii.bytes("src-port");
    private static final byte[] ARG_ID = Ascii.bytes("id");
    private static final byte[] ARG_REMEDIATION = Ascii.bytes("remediation");
    private static final byte[] ARG_METHOD = Ascii.bytes("method");
    private static final byte[] ARG_PATH = Ascii.bytes("path");
    private static final byte[] ARG_QUERY = Ascii.bytes("query");
    private static final byte[] ARG_VERSION = Ascii.bytes("version");
    private static final byte[] ARG_HEADERS = Ascii.bytes("headers");
    private static final byte[] ARG_BODY = Ascii.bytes("body");
    private static final byte[] ARG_URL = Ascii.bytes("url");
    private static final byte[] ARG_SSL = Ascii.bytes("ssl");
    private static final byte[] ARG_LEGACY_HOST = Ascii.bytes("host");
    private static final byte[] ARG_LEGACY_COOKIE = Ascii.bytes("crowdsec_captcha_cookie");

    private static final byte[] ALLOW = Ascii.bytes("allow");
    private static final byte[] BAN = Ascii.bytes("ban");
    private static final byte[] CAPTCHA = Ascii.bytes("captcha");
    private static final byte[] UNKNOWN = Ascii.bytes("unknown");

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private int oversized;

    public NotifyReader(int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }


    /** How many header blocks or bodies were over their bound and dropped since the last call. */
    public int takeOversized() {
        int n = oversized;
        oversized = 0;
        return n;
    }

    /**
     * Reads the next message. Returns its kind after filling {@code request}, or null for a message that
     * is not ours (skipped whole).
     */
    public RequestKind read(ByteBuf in, ClientRequest request) {
        int nameLength = DataType.readLength(in, "message name");
        int nameIndex = in.readerIndex();
        in.skipBytes(nameLength);
        DataType.need(in, 1, "NB-ARGS");
        int args = in.readUnsignedByte();
        RequestKind kind = kindOf(in, nameIndex, nameLength);
        if (kind == null) {
            for (int i = 0; i < args; i++) {
                in.skipBytes(DataType.readLength(in, "argument name"));
                DataType.need(in, 1, "argument value");
                DataType.skip(in, in.readUnsignedByte() & 0x0f);
            }
            return null;
        }
        request.reset(kind);
        for (int i = 0; i < args; i++) {
            int argLength = DataType.readLength(in, "argument name");
            int argIndex = in.readerIndex();
            in.skipBytes(argLength);
            DataType.need(in, 1, "argument value");
            int typeByte = in.readUnsignedByte();
            readArgument(in, argIndex, argLength, typeByte, request);
        }
        return kind;
    }

    private static RequestKind kindOf(ByteBuf in, int index, int length) {
        if (equalsAt(in, index, length, MSG_TCP) || equalsAt(in, index, length, MSG_LEGACY_IP)) {
            return RequestKind.CONNECTION;
        }
        if (equalsAt(in, index, length, MSG_HTTP_BODY) || equalsAt(in, index, length, MSG_HTTP_NO_BODY)
                || equalsAt(in, index, length, MSG_LEGACY_HTTP)) {
            return RequestKind.HTTP;
        }
        return null;
    }

    private void readArgument(ByteBuf in, int nameIndex, int nameLength, int typeByte, ClientRequest request) {
        int type = typeByte & 0x0f;
        if (equalsAt(in, nameIndex, nameLength, ARG_SRC_IP)) {
            readAddress(in, type, request);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_SRC_PORT) && DataType.isInteger(type)) {
            request.setPort((int) Varint.read(in));
        } else if (equalsAt(in, nameIndex, nameLength, ARG_REMEDIATION) && type == DataType.STRING) {
            int len = DataType.readLength(in, "remediation");
            request.setPreviousRemediation(remediationAt(in, in.readerIndex(), len));
            in.skipBytes(len);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_SSL) && type == DataType.BOOL) {
            request.setSsl((typeByte & DataType.BOOL_TRUE_FLAG) != 0);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_HEADERS)) {
            copyText(in, type, request.headers, maxHeaderBytes);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_BODY)) {
            copyText(in, type, request.body, maxBodyBytes);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_METHOD)) {
            copyText(in, type, request.method, Integer.MAX_VALUE);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_PATH)) {
            copyText(in, type, request.path, Integer.MAX_VALUE);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_QUERY)) {
            copyText(in, type, request.query, Integer.MAX_VALUE);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_URL)) {
            copyText(in, type, request.url, Integer.MAX_VALUE);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_VERSION)) {
            copyText(in, type, request.version, Integer.MAX_VALUE);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_ID)) {
            copyText(in, type, request.uniqueId, Integer.MAX_VALUE);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_LEGACY_HOST)) {
            copyText(in, type, request.legacyHost, maxHeaderBytes);
        } else if (equalsAt(in, nameIndex, nameLength, ARG_LEGACY_COOKIE)) {
            copyText(in, type, request.legacyCookie, maxHeaderBytes);
        } else {
            DataType.skip(in, type);
        }
    }

    private static void readAddress(ByteBuf in, int type, ClientRequest request) {
        switch (type) {
            case DataType.IPV4:
                DataType.need(in, 4, "IPv4 value");
                request.setAddress(0, IpAddress.v4MappedLow(in.readInt()));
                return;
            case DataType.IPV6:
                DataType.need(in, 16, "IPv6 value");
                request.setAddress(in.readLong(), in.readLong());
                return;
            case DataType.STRING: {
                // A string source address (hdr() instead of hdr_ip()): slow path, parsed as text.
                int len = DataType.readLength(in, "src-ip");
                String text = in.readCharSequence(len, StandardCharsets.US_ASCII).toString();
                try {
                    IpAddress a = IpAddress.parse(text);
                    request.setAddress(a.hi(), a.lo());
                } catch (IllegalArgumentException e) {
                    // Left without an address: the service keeps the connection check's answer.
                }
                return;
            }
            default:
                DataType.skip(in, type);
        }
    }

    private void copyText(ByteBuf in, int type, ByteView target, int limit) {
        if (type != DataType.STRING && type != DataType.BINARY) {
            DataType.skip(in, type);
            return;
        }
        int len = DataType.readLength(in, "argument");
        if (len > limit) {
            oversized++;
            in.skipBytes(len);
            return;
        }
        in.readBytes(target.prepare(len), 0, len);
    }

    private static Remediation remediationAt(ByteBuf in, int index, int length) {
        if (equalsAt(in, index, length, BAN)) {
            return Remediation.BAN;
        }
        if (equalsAt(in, index, length, CAPTCHA)) {
            return Remediation.CAPTCHA;
        }
        if (equalsAt(in, index, length, ALLOW)) {
            return Remediation.ALLOW;
        }
        if (equalsAt(in, index, length, UNKNOWN)) {
            return Remediation.UNKNOWN;
        }
        return null;
    }

    static boolean equalsAt(ByteBuf in, int index, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in.getByte(index + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
