package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV with a header: {@code cscli decisions list -o raw} (columns source, ip = "Scope:Value", reason,
 * action, expiration) or the import CSV (any of duration, scope, value, type, reason, origin).
 * Standard quoting: scenarios may hold commas and quotes.
 */
final class CsvParser {
    private static final Logger log = LoggerFactory.getLogger(CsvParser.class);

    private CsvParser() {
    }

    static void parse(BufferedReader in, FileSpec spec, long fileTime, DecisionFactory factory, String source, ParseResult out)
            throws IOException {
        String headerLine = in.readLine();
        if (headerLine == null) {
            return;
        }
        List<String> header = split(headerLine);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        boolean raw = col.containsKey("ip") && col.containsKey("action");
        if (!raw && !col.containsKey("value")) {
            out.reject(log, 1, "CSV header has neither 'ip' and 'action' (cscli list -o raw) nor 'value' (import format): " + headerLine);
            return;
        }
        String line;
        long n = 1;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = split(line);
            try {
                if (raw) {
                    String scoped = field(f, col, "ip");
                    if (scoped == null) {
                        throw new IllegalArgumentException("row has " + f.size() + " fields, no 'ip' column");
                    }
                    int colon = scoped.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("ip column '" + scoped + "' is not Scope:Value");
                    }
                    out.decisions.add(factory.create(scoped.substring(0, colon), scoped.substring(colon + 1),
                            field(f, col, "action"), orDefault(field(f, col, "source"), spec.origin()),
                            field(f, col, "reason"), Expiry.of(field(f, col, "expiration"), fileTime, spec.duration().toMillis()), source));
                } else {
                    String value = field(f, col, "value");
                    if (value == null) {
                        throw new IllegalArgumentException("row has " + f.size() + " fields, no 'value' column");
                    }
                    String scope = orDefault(field(f, col, "scope"), value.contains("/") ? "Range" : "Ip");
                    out.decisions.add(factory.create(scope, value, orDefault(field(f, col, "type"), spec.type()),
                            orDefault(field(f, col, "origin"), spec.origin()), orDefault(field(f, col, "reason"), spec.scenario()),
                            Expiry.of(field(f, col, "duration"), fileTime, spec.duration().toMillis()), source));
                }
            } catch (IllegalArgumentException e) {
                out.reject(log, n, e.getMessage());
            }
        }
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v;
    }

    private static String field(List<String> fields, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null || i >= fields.size() ? null : fields.get(i).trim();
    }

    /** RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
