package io.spoabouncer.domain.decision;

/** What a decision's value names. CrowdSec spells these Ip, Range, Country and AS, in any case. */
public enum Scope {
    IP("Ip"), RANGE("Range"), COUNTRY("Country"), AS("AS");

    private final String crowdsecName;

    Scope(String crowdsecName) {
        this.crowdsecName = crowdsecName;
    }

    public String crowdsecName() {
        return crowdsecName;
    }

    public static Scope parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing scope");
        }
        Scope s = find(text);
        if (s == null) {
            throw new IllegalArgumentException("unknown scope '" + text + "' (expected: Ip, Range, Country, AS)");
        }
        return s;
    }

    /** The scope a CrowdSec scope name means, or null for one the agent does not act on (e.g. Username). */
    public static Scope find(String text) {
        String t = text.trim();
        // equalsIgnoreCase, not toLowerCase: a feed names a scope a million times, "Ip" would be copied each time
        if (t.equalsIgnoreCase("ip")) {
            return IP;
        }
        if (t.equalsIgnoreCase("range")) {
            return RANGE;
        }
        if (t.equalsIgnoreCase("country")) {
            return COUNTRY;
        }
        if (t.equalsIgnoreCase("as") || t.equalsIgnoreCase("asn")) {
            return AS;
        }
        return null;
    }
}
