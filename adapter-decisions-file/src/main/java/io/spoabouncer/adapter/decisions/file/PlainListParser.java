package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.BufferedReader;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IP or CIDR per line, as firewall blocklists are published: {@code #} and {@code ;} start comments,
 * blank lines are ignored, anything after the first whitespace is ignored (lists often add notes).
 */
final class PlainListParser {
    private static final Logger log = LoggerFactory.getLogger(PlainListParser.class);

    private PlainListParser() {
    }

    static void parse(BufferedReader in, FileSpec spec, long fileTime, DecisionFactory factory, String source, ParseResult out)
            throws IOException {
        long expires = Expiry.of(null, fileTime, spec.duration().toMillis());
        String line;
        long n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String value = stripComment(line);
            if (value.isEmpty()) {
                continue;
            }
            try {
                out.decisions.add(factory.create(value.contains("/") ? "Range" : "Ip", value, spec.type(),
                        spec.origin(), spec.scenario(), expires, source));
            } catch (IllegalArgumentException e) {
                out.reject(log, n, e.getMessage());
            }
        }
    }

    static String stripComment(String line) {
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#' || c == ';') {
                end = i;
                break;
            }
        }
        String s = line.substring(0, end).trim();
        int space = indexOfWhitespace(s);
        return space < 0 ? s : s.substring(0, space);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
