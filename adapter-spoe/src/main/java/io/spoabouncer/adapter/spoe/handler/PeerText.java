package io.spoabouncer.adapter.spoe.handler;

/**
 * Text a peer put into an error message, made safe for a log line and for the DISCONNECT sent back:
 * printable ASCII kept, anything else written as an escape (a newline from a peer cannot forge a log
 * line, nor a control character reach a terminal), and cut at a bound.
 */
final class PeerText {
    static final int MAX = 512;

    private PeerText() {
    }

    static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX) + 16);
        for (int i = 0; i < text.length() && b.length() < MAX; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (b.length() >= MAX) {
            b.setLength(MAX);
            b.append("...");
        }
        return b.toString();
    }
}
