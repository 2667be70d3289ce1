package io.spoabouncer.domain.http;

import java.util.Locale;

/**
 * The ban page's contact link (Go bouncer #166/#167): only {@code http}, {@code https} and {@code mailto}
 * (never {@code javascript:} or {@code data:}), and HTML-escaped by the agent, since HAProxy renders it into
 * the page with no HTML converter of its own. Checked and escaped once, when the settings are read.
 */
public final class ContactUrl {
    private ContactUrl() {
    }

    /** Null when the URL is acceptable; otherwise what is wrong with it. */
    public static String problem(String url) {
        if (url.isEmpty()) {
            return null;
        }
        int colon = url.indexOf(':');
        String scheme = colon > 0 ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("mailto")) {
            return "'" + url + "' (expected: an http, https or mailto URL)";
        }
        for (int i = 0; i < url.length(); i++) {
            if (url.charAt(i) < 0x20 || url.charAt(i) == 0x7f) {
                return "a control character in the URL";
            }
        }
        return null;
    }

    /** The URL as it goes into the page: {@code & < > " '} escaped. */
    public static String htmlEscaped(String url) {
        StringBuilder b = new StringBuilder(url.length() + 16);
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
