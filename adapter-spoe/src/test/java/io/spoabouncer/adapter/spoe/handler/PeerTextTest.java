package io.spoabouncer.adapter.spoe.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerTextTest {
    @Test
    void aPeersTextCannotBreakTheLogLine() {
        assertEquals("versions '2.0\\x0a12:00 INFO forged' \\x1b[31m\\ufffd \\\\x0a", PeerText.safe("versions '2.0\n12:00 INFO forged' \u001b[31m\ufffd \\x0a"));
        assertEquals("plain 2.0, kept", PeerText.safe("plain 2.0, kept"));
        String cut = PeerText.safe("v".repeat(10_000));
        assertTrue(cut.length() <= PeerText.MAX + 3 && cut.endsWith("..."), cut.length() + "");
    }
}
