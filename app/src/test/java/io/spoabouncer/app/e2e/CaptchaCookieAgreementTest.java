package io.spoabouncer.app.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.RunningAgent;
import io.spoabouncer.core.usage.UsageTally;
import io.spoabouncer.domain.http.CaptchaToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same captcha cookies judged three ways through Debian's HAProxy 2.6: by the agent (haproxy.cfg, the
 * agent up), and by HAProxy alone from the keys map the agent writes (haproxy.cfg with the agent stopped,
 * and haproxy-native.cfg with no agent): the three answers agree for every token, valid or not. A cleared
 * client costs the native config no SPOE round trip. A reload that rotates the key reaches HAProxy.
 */
class CaptchaCookieAgreementTest {
    static final String CLIENT = "127.0.0.77";
    static final String SHOP_KEY = "shop-key-shop-key-shop-key-shop-key";
    static final String IP_KEY = "ip-host-key-ip-host-key-ip-host-key";

    @TempDir
    Path tmp;

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String signed(String alg, String header, String claims, String key) throws Exception {
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        if (alg == null) {
            return input + ".";
        }
        Mac mac = Mac.getInstance(alg);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), alg));
        return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Case name to {host, cookie}: what a client may present. */
    static Map<String, String[]> tokens(long now) throws Exception {
        byte[] shop = SHOP_KEY.getBytes(StandardCharsets.UTF_8);
        byte[] ip = IP_KEY.getBytes(StandardCharsets.UTF_8);
        String valid = new CaptchaToken("u1", CaptchaToken.VALID, now, now + 3600, "shop.example", null).sign(shop);
        String[] parts = valid.split("\\.");
        String longer = b64(("{\"uuid\":\"u1\",\"st\":\"valid\",\"iat\":" + now + ",\"exp\":" + (now + 999_999) + ",\"host\":\"shop.example\"}")
                .getBytes(StandardCharsets.UTF_8));
        String claims = "{\"uuid\":\"u1\",\"st\":\"valid\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"host\":\"shop.example\"}";
        Map<String, String[]> t = new LinkedHashMap<>();
        t.put("valid", new String[] {"shop.example", valid});
        t.put("valid, host with port", new String[] {"shop.example:8080", valid});
        t.put("expired", new String[] {"shop.example", new CaptchaToken("u1", CaptchaToken.VALID, now - 7200, now - 10, "shop.example", null).sign(shop)});
        t.put("pending", new String[] {"shop.example", new CaptchaToken("u1", CaptchaToken.PENDING, now, now + 3600, "shop.example", null).sign(shop)});
        t.put("tampered", new String[] {"shop.example", parts[0] + "." + longer + "." + parts[2]});
        t.put("other host", new String[] {"shop.example", new CaptchaToken("u1", CaptchaToken.VALID, now, now + 3600, "other.example", null).sign(shop)});
        t.put("no host claim", new String[] {"shop.example", new CaptchaToken("u1", CaptchaToken.VALID, now, now + 3600, null, null).sign(shop)});
        t.put("other key", new String[] {"shop.example", new CaptchaToken("u1", CaptchaToken.VALID, now, now + 3600, "shop.example", null).sign(ip)});
        t.put("wrong algorithm (HS512)", new String[] {"shop.example", signed("HmacSHA512", "{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims, SHOP_KEY)});
        t.put("alg=none", new String[] {"shop.example", signed(null, "{\"alg\":\"none\",\"typ\":\"JWT\"}", claims, SHOP_KEY)});
        t.put("garbage", new String[] {"shop.example", "not.a.jwt"});
        t.put("bound IP, this client", new String[] {"ip.example", new CaptchaToken("u2", CaptchaToken.VALID, now, now + 3600, "ip.example", CLIENT).sign(ip)});
        t.put("bound IP, other client", new String[] {"ip.example", new CaptchaToken("u2", CaptchaToken.VALID, now, now + 3600, "ip.example", "127.0.0.99").sign(ip)});
        t.put("bound IP, no IP claim", new String[] {"ip.example", new CaptchaToken("u2", CaptchaToken.VALID, now, now + 3600, "ip.example", null).sign(ip)});
        return t;
    }

    /** Whether the request with this cookie reached the backend (the client was let through). */
    static boolean passes(int frontend, RecordingBackend backend, String name, String[] hostAndCookie) throws Exception {
        String path = "/t/" + name.replaceAll("[^a-zA-Z0-9]+", "-") + "/" + System.nanoTime();
        RawHttp.Response r = RawHttp.send(CLIENT, frontend, "GET " + path + " HTTP/1.1\r\nHost: " + hostAndCookie[0] + "\r\nAccept: text/html\r\n"
                + "Cookie: crowdsec_captcha_cookie=" + hostAndCookie[1] + "\r\nConnection: close\r\n\r\n");
        boolean reached = backend.paths.contains(path);
        assertEquals(reached, r.status() == 200 && r.body().startsWith("hello from backend"), name + ": " + r.head());
        return reached;
    }

    static String agentConfig(Path captcha, String shopKey, Path map, Path keys, Haproxy... haproxies) {
        StringBuilder apis = new StringBuilder();
        for (Haproxy h : haproxies) {
            apis.append(apis.length() == 0 ? "" : ", ").append("\"unix:").append(h.statsSocket()).append('"');
        }
        return "decisions.file.files = [{path = \"" + captcha + "\", type = captcha}]\n"
                + "http.hosts = [{host = \"shop.example\", captcha {provider = pow, signing-key = \"" + shopKey + "\", pow.difficulty = 4}},"
                + " {host = \"ip.example\", captcha {provider = pow, signing-key = \"" + IP_KEY + "\", bind-ip = true, pow.difficulty = 4}}]\n"
                + "haproxy-maps { enabled = true, map-file = \"" + map + "\", captcha-keys-file = \"" + keys + "\", runtime-api = [" + apis + "] }\n";
    }

    @Test
    void haproxyAndTheAgentJudgeEveryCookieAlike() throws Exception {
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CLIENT + "\n");
        int agentPort = Ports.free();
        int spoe = Ports.free();
        int nativeFrontend = Ports.free();
        try (RecordingBackend backend = new RecordingBackend();
             Haproxy spoeHaproxy = Haproxy.start(Examples.haproxyConfig("haproxy.cfg", spoe, backend.port(), agentPort), Examples.haproxyFiles(), spoe)) {
            Path map = spoeHaproxy.dir().resolve("crowdsec-decisions.map");
            Path keys = spoeHaproxy.dir().resolve("crowdsec-captcha-keys.map");
            // The native HAProxy names the same map files (HAProxy knows a map by its path) and the same agent.
            String nativeCfg = Examples.haproxyConfig("haproxy-native.cfg", nativeFrontend, backend.port(), agentPort)
                    .replace("@DIR@/crowdsec-decisions.map", map.toString()).replace("@DIR@/crowdsec-captcha-keys.map", keys.toString());
            try (Haproxy nativeHaproxy = Haproxy.start(nativeCfg, Examples.haproxyFiles(), nativeFrontend)) {
                Map<String, String[]> tokens = tokens(System.currentTimeMillis() / 1000);
                Map<String, Boolean> byAgent = new LinkedHashMap<>();
                try (RunningAgent agent = new RunningAgent("spoe.listen-tcp = \"127.0.0.1:" + agentPort + "\"\nplugins.directory = \"" + tmp.resolve("none")
                        + "\"\n" + agentConfig(captcha, SHOP_KEY, map, keys, spoeHaproxy, nativeHaproxy))) {
                    for (Haproxy h : new Haproxy[] {spoeHaproxy, nativeHaproxy}) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> h.command("show map " + keys).contains("shop")
                                && h.command("show map " + map).contains(CLIENT + " captcha"));
                    }
                    for (Haproxy h : new Haproxy[] {spoeHaproxy, nativeHaproxy}) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(h.stat("crowdsec-spoa", "agent1", "status")));
                    }
                    for (Map.Entry<String, String[]> t : tokens.entrySet()) {
                        byAgent.put(t.getKey(), passes(spoe, backend, t.getKey(), t.getValue()));
                    }
                    assertEquals(true, byAgent.get("valid"), byAgent.toString());
                    assertEquals(true, byAgent.get("bound IP, this client"), byAgent.toString());
                    assertEquals(false, byAgent.get("expired"), byAgent.toString());
                    assertEquals(1, Files.readAllLines(keys).stream().filter(l -> l.contains(SHOP_KEY)).count(), "the key file HAProxy loads at start");
                    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
                    long before = processed(agent);
                    assertEquals(true, passes(nativeFrontend, backend, "valid", tokens.get("valid")));
                    assertEquals(before, processed(agent), "a cleared client costs the native config no SPOE round trip");
                    assertEquals(false, passes(nativeFrontend, backend, "pending", tokens.get("pending")));
                    assertEquals(before + 1, processed(agent), "the others go to the agent (which shows them the captcha)");
                }
                // The agent gone: HAProxy judges alone, in both configs, and agrees with the agent token by token.
                Map<String, Boolean> byFallback = new LinkedHashMap<>();
                Map<String, Boolean> byNative = new LinkedHashMap<>();
                for (Map.Entry<String, String[]> t : tokens.entrySet()) {
                    byFallback.put(t.getKey(), passes(spoe, backend, t.getKey(), t.getValue()));
                    byNative.put(t.getKey(), passes(nativeFrontend, backend, t.getKey(), t.getValue()));
                }
                StringBuilder table = new StringBuilder(String.format("%-26s %6s %9s %7s%n", "cookie", "agent", "fallback", "native"));
                byAgent.forEach((k, v) -> table.append(String.format("%-26s %6s %9s %7s%n", k, v ? "pass" : "-", byFallback.get(k) ? "pass" : "-",
                        byNative.get(k) ? "pass" : "-")));
                System.out.print(table);
                assertEquals(byAgent, byFallback, "haproxy.cfg without the agent\n" + table);
                assertEquals(byAgent, byNative, "haproxy-native.cfg\n" + table);
            }
        }
    }

    static long processed(RunningAgent agent) {
        return agent.agent.instance(UsageTally.class).read().processed();
    }

    @Test
    void aReloadThatRotatesTheKeyReachesHaproxy() throws Exception {
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CLIENT + "\n");
        int frontend = Ports.free();
        try (RecordingBackend backend = new RecordingBackend();
             Haproxy haproxy = Haproxy.start(Examples.haproxyConfig("haproxy-native.cfg", frontend, backend.port(), Ports.free()), Examples.haproxyFiles(), frontend)) {
            Path map = haproxy.dir().resolve("crowdsec-decisions.map");
            Path keys = haproxy.dir().resolve("crowdsec-captcha-keys.map");
            Path conf = tmp.resolve("agent.conf");
            String rotated = "rotated-rotated-rotated-rotated-key";
            Files.writeString(conf, "spoe.listen-tcp = \"127.0.0.1:0\"\nplugins.directory = \"" + tmp.resolve("none") + "\"\n"
                    + agentConfig(captcha, SHOP_KEY, map, keys, haproxy));
            long now = System.currentTimeMillis() / 1000;
            String[] oldCookie = {"shop.example", new CaptchaToken("u", CaptchaToken.VALID, now, now + 3600, "shop.example", null)
                    .sign(SHOP_KEY.getBytes(StandardCharsets.UTF_8))};
            String[] newCookie = {"shop.example", new CaptchaToken("u", CaptchaToken.VALID, now, now + 3600, "shop.example", null)
                    .sign(rotated.getBytes(StandardCharsets.UTF_8))};
            try (io.spoabouncer.app.Agent agent = io.spoabouncer.app.Agent.create(io.spoabouncer.app.config.ConfigLoader.parseUserFile(conf))) {
                agent.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + keys).contains(SHOP_KEY));
                assertEquals(true, passes(frontend, backend, "old key", oldCookie));
                Files.writeString(conf, "spoe.listen-tcp = \"127.0.0.1:0\"\nplugins.directory = \"" + tmp.resolve("none") + "\"\n"
                        + agentConfig(captcha, rotated, map, keys, haproxy));
                io.spoabouncer.app.Reloader.Result rotation = new io.spoabouncer.app.Reloader(conf, agent).reload("test");
                assertEquals(true, rotation.applied(), rotation.problems().toString());
                await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + keys).contains(rotated));
                assertEquals(true, passes(frontend, backend, "new key", newCookie));
                assertEquals(false, passes(frontend, backend, "old key after rotation", oldCookie), "as the agent: one key per host today");
            }
        }
    }

    /**
     * An HAProxy whose config predates the keys map (no map_reg of it): HAProxy answers "Unknown map" for it;
     * the agent says so once and keeps that HAProxy's decision map in sync, deltas included.
     */
    @Test
    void anHaproxyWithoutTheKeysMapStillGetsEveryDecision() throws Exception {
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CLIENT + "\n");
        int frontend = Ports.free();
        String older = Examples.haproxyConfig("haproxy-native.cfg", frontend, Ports.free(), Ports.free()).lines()
                .filter(l -> !l.contains("crowdsec-captcha-keys.map")).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        try (Haproxy haproxy = Haproxy.start(older, Examples.haproxyFiles(), frontend)) {
            Path map = haproxy.dir().resolve("crowdsec-decisions.map");
            Path keys = haproxy.dir().resolve("crowdsec-captcha-keys.map");
            assertEquals(false, haproxy.command("show map").contains(keys.toString()), "this HAProxy has no keys map");
            try (RunningAgent agent = new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\ndecisions.file.poll-interval = 100ms\n"
                    + agentConfig(captcha, SHOP_KEY, map, keys, haproxy))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + map).contains(CLIENT + " captcha"));
                Files.writeString(tmp.resolve("captcha.txt"), CLIENT + "\n127.0.0.78\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + map).contains("127.0.0.78 captcha"));
                assertEquals(true, Files.readString(keys).contains(SHOP_KEY), "the keys file is written all the same");
            }
        }
    }
}
