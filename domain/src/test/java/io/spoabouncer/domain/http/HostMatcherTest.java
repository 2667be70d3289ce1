package io.spoabouncer.domain.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostMatcherTest {
    static HostPolicy h(String pattern) {
        return new HostPolicy(pattern, pattern, null);
    }

    final HostMatcher matcher = new HostMatcher(List.of(h("*"), h("*.example.com"), h("www.example.com"), h("*.shop.example.com"),
            h("api-?.example.org")));

    String match(String host) {
        HostPolicy p = matcher.match(host);
        return p == null ? null : p.pattern();
    }

    @Test
    void exactBeforeWildcards_longerWildcardsFirst_starLast() {
        assertEquals("www.example.com", match("www.example.com"));
        assertEquals("www.example.com", match("WWW.Example.Com:8443"), "case and port ignored");
        assertEquals("*.shop.example.com", match("eu.shop.example.com"));
        assertEquals("*.example.com", match("blog.example.com"));
        assertEquals("api-?.example.org", match("api-1.example.org"));
        assertEquals("*", match("api-12.example.org"));
        assertEquals("*", match("other.net"));
        assertEquals("*", match("[::1]:8080"));
    }

    @Test
    void noCatchAllMeansNoMatch() {
        HostMatcher m = new HostMatcher(List.of(h("a.test")));
        assertNull(m.match("b.test"));
        assertEquals("a.test", m.match("a.test:80").pattern());
        assertNull(HostMatcher.NONE.match("a.test"));
    }
}
