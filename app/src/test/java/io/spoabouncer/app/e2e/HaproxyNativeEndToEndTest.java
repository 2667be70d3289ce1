package io.spoabouncer.app.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.adapter.geo.testing.GeoDatabases;
import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.RunningAgent;
import io.spoabouncer.app.testing.SpopClient;
import io.spoabouncer.core.usage.UsageTally;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HAProxy-native path through Debian's HAProxy 2.6 and the shipped haproxy-native.cfg: the agent keeps
 * HAProxy's decision map in sync over the Runtime API; HAProxy bans by itself (IP, range, IPv6), sends only
 * captcha clients to the agent, keeps banning with the agent stopped and after a restart from the map file.
 */
class HaproxyNativeEndToEndTest {
    static final String BANNED = "127.0.0.66";
    static final String IN_RANGE = "127.0.1.5";
    static final String CAPTCHA = "127.0.0.77";
    static final String ALLOWED = "127.0.0.10";

    @TempDir
    Path tmp;

    static String config(int frontend, int backend, int agent) throws Exception {
        return Examples.haproxyConfig("haproxy-native.cfg", frontend, backend, agent)
                .replace("bind 127.0.0.1:" + frontend, "bind 127.0.0.1:" + frontend + "\n    bind [::1]:" + frontend);
    }

    static Map<String, String> files(String map) throws Exception {
        Map<String, String> f = new HashMap<>(Examples.haproxyFiles());
        f.put("crowdsec-decisions.map", map);
        return f;
    }

    static int ipv6Status(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getByName("::1"), port)) {
            s.getOutputStream().write("GET /v6 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return Integer.parseInt(b.toString(StandardCharsets.ISO_8859_1).split(" ")[1]);
        }
    }

    static long processed(RunningAgent a) {
        return a.agent.instance(UsageTally.class).read().processed();
    }

    @Test
    void haproxyDecidesFromTheMapTheAgentKeeps() throws Exception {
        Path ban = Files.writeString(tmp.resolve("ban.txt"), BANNED + "\n127.0.1.0/24\n::1\n");
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CAPTCHA + "\n");
        Path brief = Files.writeString(tmp.resolve("brief.txt"), "127.0.0.68\n");
        int agentPort = Ports.free();
        try (ServerSocket dropper = new ServerSocket(0); ServerSocket staller = new ServerSocket(0); RecordingBackend backend = new RecordingBackend()) {
            // And one that accepts and never answers, listed first: it may cost its timeout, never the sync.
            java.util.List<Socket> stalled = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread stall = new Thread(() -> {
                while (!staller.isClosed()) {
                    try {
                        stalled.add(staller.accept());
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            stall.setDaemon(true);
            stall.start();
            // A Runtime API that accepts and hangs up at once, and one that refuses: the real HAProxy is synced regardless.
            Thread drop = new Thread(() -> {
                while (!dropper.isClosed()) {
                    try (Socket s = dropper.accept()) {
                        s.close();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            drop.setDaemon(true);
            drop.start();
            int frontend = Ports.free();
            Haproxy haproxy = Haproxy.start(config(frontend, backend.port(), agentPort), files(""), frontend);
            Path map = haproxy.dir().resolve("crowdsec-decisions.map");
            RunningAgent agent = new RunningAgent("spoe.listen-tcp = \"127.0.0.1:" + agentPort + "\"\n"
                    + "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                    + "decisions.file.poll-interval = 100ms\n"
                    + "decisions.file.files = [{path = \"" + ban + "\", type = ban}, {path = \"" + captcha + "\", type = captcha},"
                    + " {path = \"" + brief + "\", type = ban, duration = 8s}]\n"
                    + "http.hosts = [{host = \"*\", captcha {provider = pow, signing-key = \"" + "n".repeat(32) + "\", pow.difficulty = 4}}]\n"
                    + "haproxy-maps { enabled = true, map-file = \"" + map + "\", timeout = 1s, runtime-api = [\"tcp:127.0.0.1:" + staller.getLocalPort()
                    + "\", \"unix:" + haproxy.statsSocket()
                    + "\", \"tcp:127.0.0.1:" + Ports.free() + "\", \"tcp:127.0.0.1:" + dropper.getLocalPort() + "\"] }\n");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + map).contains(BANNED));
                assertTrue(!stalled.isEmpty(), "the Runtime API that never answers was asked first, and the real one synced anyway");
                assertTrue(haproxy.command("show map " + map).contains("127.0.1.0/24 ban"), haproxy.command("show map " + map));
                assertTrue(haproxy.command("show map " + map).contains("127.0.0.68 ban"), "the short-lived decision, while it lasts");

                long before = processed(agent);
                assertEquals(403, RawHttp.get(BANNED, frontend, "/").status());
                assertEquals(403, RawHttp.get(IN_RANGE, frontend, "/").status());
                assertEquals(403, ipv6Status(frontend));
                RawHttp.Response allowed = RawHttp.get(ALLOWED, frontend, "/");
                assertEquals(200, allowed.status());
                assertEquals("allow", backend.lastHeader("X-Crowdsec-Remediation"));
                assertEquals(before, processed(agent), "HAProxy answered these alone: no SPOE");

                // The captcha client goes to the agent, and the flow completes (once HAProxy's check saw the agent).
                await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(haproxy.stat("crowdsec-spoa", "agent1", "status")));
                RawHttp.Response page = RawHttp.send(CAPTCHA, frontend, "GET /shop HTTP/1.1\r\nHost: shop.example\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
                assertEquals(200, page.status(), page.head());
                Matcher ch = Pattern.compile("var challenge = \"([^\"]+)\"").matcher(page.body());
                assertTrue(ch.find(), page.body());
                String pending = FleetEndToEndTest.cookie(page);
                String form = "pow-response=" + URLEncoder.encode(CaptchaFlowEndToEndTest.solve(ch.group(1)), StandardCharsets.UTF_8);
                RawHttp.Response solved = RawHttp.send(CAPTCHA, frontend, "POST /shop HTTP/1.1\r\nHost: shop.example\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n"
                        + "Cookie: crowdsec_captcha_cookie=" + pending + "\r\nConnection: close\r\n\r\n" + form);
                assertEquals(302, solved.status(), solved.head());
                String passed = FleetEndToEndTest.cookie(solved);
                assertEquals(200, FleetEndToEndTest.get(frontend, CAPTCHA, "/shop", passed).status());
                assertTrue(processed(agent) > before, "captcha clients are judged by the agent");

                // A delta reaches HAProxy (measured in the note: well under a second here).
                long t0 = System.nanoTime();
                Files.writeString(ban, BANNED + "\n127.0.1.0/24\n::1\n127.0.0.67\n");
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> RawHttp.get("127.0.0.67", frontend, "/").status() == 403);
                System.out.println("haproxy-maps: a delta reached HAProxy in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(map).contains("127.0.0.67 ban"));

                // A decision that expires leaves HAProxy's map when it does (8 s after the file was written).
                await().atMost(Duration.ofSeconds(30)).until(() -> !haproxy.command("show map " + map).contains("127.0.0.68"));
                assertEquals(200, RawHttp.get("127.0.0.68", frontend, "/").status());
            } finally {
                agent.close();
            }

            // The agent stopped: HAProxy still bans from its map; a captcha client is refused (503), not let through.
            assertEquals(403, RawHttp.get(BANNED, frontend, "/").status());
            assertEquals(403, RawHttp.get("127.0.0.67", frontend, "/").status());
            assertEquals(503, RawHttp.get(CAPTCHA, frontend, "/").status());
            assertEquals(200, RawHttp.get(ALLOWED, frontend, "/").status());
            String onDisk = Files.readString(map);
            haproxy.close();

            // HAProxy restarted while the agent is down: the map file it loads holds the decisions.
            int frontend2 = Ports.free();
            try (Haproxy again = Haproxy.start(config(frontend2, backend.port(), agentPort), files(onDisk), frontend2)) {
                assertEquals(403, RawHttp.get(BANNED, frontend2, "/").status());
                assertEquals(403, RawHttp.get(IN_RANGE, frontend2, "/").status());
                assertEquals(403, RawHttp.get("127.0.0.67", frontend2, "/").status());
                assertEquals(200, RawHttp.get(ALLOWED, frontend2, "/").status());
            }
        }
    }

    /** HAProxy's own answer for an address: the value of the map key it matches, or null. */
    static String lookup(Haproxy haproxy, Path map, String address) throws Exception {
        Matcher m = Pattern.compile("value=\"([^\"]*)\"").matcher(haproxy.command("get map " + map + " " + address));
        return m.find() ? m.group(1) : null;
    }

    @Test
    void countryAndAsDecisionsReachTheMapAsTheirNetworks() throws Exception {
        Path city = GeoDatabases.copy(tmp, "GeoLite2-City.mmdb");
        Path asn = GeoDatabases.copy(tmp, "GeoLite2-ASN.mmdb");
        Path decisions = Files.writeString(tmp.resolve("geo.csv"), String.join("\n",
                "id,source,ip,reason,action,country,as,events_count,expiration,simulated,alert_id",
                "1,cscli,Country:GB,manual,captcha,,,1,1h,false,1",
                "2,cscli,AS:15169,manual,ban,,,1,1h,false,2",
                "3,cscli,Ip:2.125.160.216,manual,ban,,,1,1h,false,3", ""));
        int frontend = Ports.free();
        int frontend2 = Ports.free();
        try (RecordingBackend backend = new RecordingBackend();
             Haproxy haproxy = Haproxy.start(config(frontend, backend.port(), Ports.free()), files(""), frontend)) {
            Path map = haproxy.dir().resolve("crowdsec-decisions.map");
            // A second HAProxy on the same map file: several at once, each kept in sync.
            try (Haproxy second = Haproxy.start(config(frontend2, backend.port(), Ports.free()).replace("@DIR@/crowdsec-decisions.map", map.toString())
                            .replace("@DIR@/crowdsec-captcha-keys.map", map.resolveSibling("crowdsec-captcha-keys.map").toString()),
                    files(""), frontend2);
                 RunningAgent agent = new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                    + "geo { city-database = \"" + city + "\", asn-database = \"" + asn + "\" }\n"
                    + "decisions.file.files = [{path = \"" + decisions + "\"}]\n"
                    + "haproxy-maps { enabled = true, map-file = \"" + map + "\", runtime-api = [\"unix:" + haproxy.statsSocket()
                    + "\", \"unix:" + second.statsSocket() + "\"] }\n")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> "ban".equals(lookup(haproxy, map, "1.0.0.1")));
                await().atMost(Duration.ofSeconds(30)).until(() -> "ban".equals(lookup(second, map, "1.0.0.1")));
                // Each HAProxy is synced in turn: wait for what is asserted, the same map in both (one may be a build behind for a moment).
                await("both HAProxies hold the same map").atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + map)
                        .replaceAll("0x[0-9a-f]+ ", "").equals(second.command("show map " + map).replaceAll("0x[0-9a-f]+ ", "")));
                assertEquals("ban", lookup(haproxy, map, "2.125.160.216"), "an IP ban inside a captcha country: " + haproxy.command("show map " + map) + haproxy.command("get map " + map + " 2.125.160.216"));
                assertEquals("captcha", lookup(haproxy, map, "2.125.160.217"), "GB's network around it");
                assertEquals(null, lookup(haproxy, map, "1.1.1.1"), "no record in the database: no key");
                assertEquals(null, lookup(haproxy, map, "203.0.113.1"));
                // What HAProxy decides matches what the agent decides over SPOE for the same addresses.
                try (SpopClient client = new SpopClient(agent.port())) {
                    for (String a : new String[] {"1.0.0.1", "2.125.160.216", "2.125.160.217", "1.1.1.1"}) {
                        String native_ = lookup(haproxy, map, a);
                        assertEquals(native_ == null ? "allow" : native_, client.checkIp(a).get("remediation"), a);
                    }
                }
            }
        }
    }
}
