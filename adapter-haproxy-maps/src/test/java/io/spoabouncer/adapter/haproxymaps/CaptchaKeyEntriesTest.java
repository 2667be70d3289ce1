package io.spoabouncer.adapter.haproxymaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.domain.http.CaptchaProvider;
import io.spoabouncer.domain.http.HostPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CaptchaKeyEntriesTest {
    static HostPolicy host(String pattern, String key, boolean bindHost, boolean bindIp) {
        CaptchaPolicy p = new CaptchaPolicy(CaptchaProvider.named("pow"), "", "", key.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(30),
                Duration.ofDays(1), CaptchaPolicy.CookieSecure.AUTO, true, bindHost, bindIp, 18, Duration.ofMinutes(5), Duration.ofSeconds(5), "",
                Remediation.BAN);
        return new HostPolicy(pattern, "", p);
    }

    @Test
    void theAgentsHostOrderWithFlagsThenTheKey() {
        List<String> unusable = new ArrayList<>();
        Map<String, String> m = CaptchaKeyEntries.build(List.of(
                host("*", "k-star-k-star-k-star-k-star-k-star", true, false),
                host("*.example.com", "k-wild-k-wild-k-wild-k-wild-k-wild", false, true),
                host("shop.example.com", "k-shop-k-shop-k-shop-k-shop-k-shop", true, true),
                new HostPolicy("nocaptcha.example.com", "", null),
                host("a.example.com", "a key with spaces in it, 32 bytes+", true, false)), unusable::add);
        assertEquals(List.of("^shop\\.example\\.com$", "^.*\\.example\\.com$", "^.*$"), List.copyOf(m.keySet()),
                "exact before wildcards, longer first, * last: the order map_reg tries them in");
        assertEquals("11k-shop-k-shop-k-shop-k-shop-k-shop", m.get("^shop\\.example\\.com$"));
        assertEquals("01k-wild-k-wild-k-wild-k-wild-k-wild", m.get("^.*\\.example\\.com$"));
        assertEquals("10k-star-k-star-k-star-k-star-k-star", m.get("^.*$"));
        assertEquals(List.of("a.example.com"), unusable, "a key HAProxy cannot be given is named, never written cut short");
    }

    @Test
    void globsBecomeAnchoredRegexesThatMatchWhatTheGlobMatches() {
        Pattern p = Pattern.compile(CaptchaKeyEntries.regex("Shop?.Example.com"));
        assertEquals(true, p.matcher("shop1.example.com").matches());
        assertEquals(false, p.matcher("shop1xexample.com").matches(), "a dot is a dot");
        assertEquals(false, p.matcher("evil.shop1.example.com").matches(), "anchored");
        assertEquals("^\\[2001:db8::1\\]$", CaptchaKeyEntries.regex("[2001:db8::1]"));
    }
}
