package io.spoabouncer.adapter.spoe.codec;

/** SPOP frame types. */
public final class FrameType {
    public static final int UNSET = 0;
    public static final int HAPROXY_HELLO = 1;
    public static final int HAPROXY_DISCONNECT = 2;
    public static final int NOTIFY = 3;
    public static final int AGENT_HELLO = 101;
    public static final int AGENT_DISCONNECT = 102;
    public static final int ACK = 103;

    public static final int FLAG_FIN = 0x1;
    public static final int FLAG_ABORT = 0x2;
    /** type, flags, and the two smallest varints. */
    public static final int MIN_FRAME_LENGTH = 7;

    private FrameType() {
    }

    public static String name(int type) {
        switch (type) {
            case HAPROXY_HELLO: return "HAPROXY-HELLO";
            case HAPROXY_DISCONNECT: return "HAPROXY-DISCONNECT";
            case NOTIFY: return "NOTIFY";
            case AGENT_HELLO: return "AGENT-HELLO";
            case AGENT_DISCONNECT: return "AGENT-DISCONNECT";
            case ACK: return "ACK";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
