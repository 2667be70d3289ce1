package io.spoabouncer.domain.decision;

import java.util.Locale;

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
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ip": return IP;
            case "range": return RANGE;
            case "country": return COUNTRY;
            case "as": case "asn": return AS;
            default: throw new IllegalArgumentException("unknown scope '" + text + "' (expected: Ip, Range, Country, AS)");
        }
    }
}
