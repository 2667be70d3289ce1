package io.spoabouncer.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.RunningAgent;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy configs written to the Go bouncer's contract (its SPOE file as shipped, its Lua frontend, its
 * upstream-proxy rules, a frontend without the crowdsec-tcp message) work against this agent unchanged.
 */
class GoContractEndToEndTest {
    static final String BANNED = "127.0.0.66";
    static final String CAPTCHA = "127.0.0.77";

    @TempDir
    static Path tmp;
    static RunningAgent agent;
    static RecordingBackend backend;

    @BeforeAll
    static void start() throws Exception {
        Path ban = Files.writeString(tmp.resolve("ban.txt"), BANNED + "\n198.51.100.23\n");
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CAPTCHA + "\n");
        agent = new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.files = [{path = \"" + ban + "\", type = ban}, {path = \"" + captcha + "\", type = captcha}]\n"
                + "http.hosts = [{host = \"*\", ban.contact-us-url = \"mailto:support@example.com\","
                + " captcha {provider = hcaptcha, site-key = go-site-key, secret-key = s, signing-key = \"" + "k".repeat(32) + "\", bind-host = false}}]\n");
        backend = new RecordingBackend();
    }

    @AfterAll
    static void stop() {
        backend.close();
        agent.close();
    }

    static String resource(String name) throws Exception {
        try (InputStream in = GoContractEndToEndTest.class.getResourceAsStream("/go-contract/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Starts HAProxy on the Go contract's files: its SPOE file (or the no-TCP variant), Lua, templates. */
    static Haproxy haproxy(int frontend, String spoe, String upstreamRules) throws Exception {
        String cfg = resource("haproxy.cfg").replace("@FRONTEND@", String.valueOf(frontend)).replace("@BACKEND@", String.valueOf(backend.port()))
                .replace("@AGENT@", String.valueOf(agent.port())).replace("@SPOE@", spoe).replace("    #@UPSTREAM@", upstreamRules);
        return Haproxy.start(cfg, Map.of(spoe, resource(spoe),
                "lua/crowdsec.lua", Examples.read("haproxy/lua/crowdsec.lua"),
                "templates/ban.html", resource("ban.html"),
                "templates/captcha.html", resource("captcha.html")), frontend);
    }

    @Test
    void theGoFilesAsTheyShip_banAndCaptchaPagesFromTheirTemplates() throws Exception {
        int frontend = Ports.free();
        try (Haproxy h = haproxy(frontend, "crowdsec.cfg", "")) {
            RawHttp.Response ban = RawHttp.get(BANNED, frontend, "/");
            assertEquals(403, ban.status(), ban.head() + h.log());
            assertTrue(ban.body().contains("CrowdSec Access Forbidden"), ban.body());
            RawHttp.Response captcha = RawHttp.get(CAPTCHA, frontend, "/");
            assertEquals(200, captcha.status(), captcha.head());
            assertTrue(captcha.body().contains("CrowdSec Captcha"), captcha.body());
            assertTrue(captcha.body().contains("data-sitekey=\"go-site-key\"") && captcha.body().contains("class=\"h-captcha\""), captcha.body());
            assertTrue(captcha.head().toLowerCase().contains("set-cookie: crowdsec_captcha_cookie="), captcha.head());
            RawHttp.Response ok = RawHttp.get("127.0.0.10", frontend, "/x");
            assertEquals(200, ok.status());
            assertEquals("allow", backend.lastHeader("X-Crowdsec-Remediation"));
        }
    }

    /** An lf-file frontend (no Lua) on the Go SPOE file as it ships, which registers no variable names. */
    @Test
    void anLfFileFrontendOnTheGoSpoeFile() throws Exception {
        int frontend = Ports.free();
        Map<String, String> files = new java.util.HashMap<>(Examples.haproxyFiles());
        files.put("crowdsec.cfg", resource("crowdsec.cfg"));
        try (Haproxy h = Haproxy.start(Examples.haproxyConfig("haproxy.cfg", frontend, backend.port(), agent.port()), files, frontend)) {
            RawHttp.Response ban = RawHttp.get(BANNED, frontend, "/");
            assertEquals(403, ban.status(), ban.head());
            assertTrue(ban.body().contains("mailto:support@example.com"), ban.body());
            RawHttp.Response captcha = RawHttp.get(CAPTCHA, frontend, "/");
            assertEquals(200, captcha.status());
            assertTrue(captcha.body().contains("var siteKey = \"go-site-key\""), captcha.body());
        }
    }

    @Test
    void theUpstreamProxyVariantJudgesTheRewrittenSource() throws Exception {
        int frontend = Ports.free();
        String rules = "    http-request set-src hdr_ip(X-Real-IP) if { req.hdr(X-Real-IP) -m found }\n"
                + "    http-request set-src hdr_ip(X-Forwarded-For) if { req.hdr(X-Forwarded-For) -m found } !{ req.hdr(X-Real-IP) -m found }";
        try (Haproxy h = haproxy(frontend, "crowdsec.cfg", rules)) {
            RawHttp.Response viaProxy = RawHttp.send("127.0.0.10", frontend,
                    "GET / HTTP/1.1\r\nHost: www.example.com\r\nX-Real-IP: 198.51.100.23\r\nConnection: close\r\n\r\n");
            assertEquals(403, viaProxy.status(), "the proxy's address is allowed, the real client is banned: " + viaProxy.head());
            RawHttp.Response xff = RawHttp.send("127.0.0.10", frontend,
                    "GET / HTTP/1.1\r\nHost: www.example.com\r\nX-Forwarded-For: 198.51.100.23\r\nConnection: close\r\n\r\n");
            assertEquals(403, xff.status());
        }
    }

    @Test
    void withoutTheConnectionCheck_noFreePass_evenOnAKeepAliveConnection() throws Exception {
        int frontend = Ports.free();
        try (Haproxy h = haproxy(frontend, "crowdsec-no-tcp.cfg", "")) {
            List<Integer> banned = keepAlive(BANNED, frontend, 3);
            assertEquals(List.of(403, 403, 403), banned, "every request of the connection is judged");
            List<Integer> allowed = keepAlive("127.0.0.10", frontend, 3);
            assertEquals(List.of(200, 200, 200), allowed);
        }
    }

    /** The <= 0.2 message names: crowdsec-ip, and crowdsec-http carrying host and the cookie as arguments. */
    @Test
    void legacyMessageNamesAndArguments() throws Exception {
        try (io.spoabouncer.app.testing.SpopClient c = new io.spoabouncer.app.testing.SpopClient(agent.port())) {
            c.send(io.spoabouncer.adapter.spoe.testing.Spop.notify(1, 1, out -> io.spoabouncer.adapter.spoe.testing.Spop
                    .message(out, "crowdsec-ip", 3).string("id", "x").ip("src-ip", BANNED).int64("src-port", 1)));
            assertEquals("ban", io.spoabouncer.app.testing.SpopClient.ackVariables(c.read()).get("remediation"));
            c.send(io.spoabouncer.adapter.spoe.testing.Spop.notify(2, 1, out -> io.spoabouncer.adapter.spoe.testing.Spop
                    .message(out, "crowdsec-http", 5).nul("remediation").string("method", "GET").string("host", "www.example.com")
                    .nul("crowdsec_captcha_cookie").ip("src-ip", CAPTCHA)));
            Map<String, Object> vars = io.spoabouncer.app.testing.SpopClient.ackVariables(c.read());
            assertEquals("captcha", vars.get("remediation"));
            assertEquals("go-site-key", vars.get("captcha_site_key"), "the host came from the legacy host argument");
            assertEquals("pending", vars.get("captcha_status"));
        }
    }

    /** n requests on one connection (keep-alive); the statuses of the responses read before any close. */
    static List<Integer> keepAlive(String source, int port, int n) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(source), 0)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < n; i++) {
                out.write(("GET /k" + i + " HTTP/1.1\r\nHost: www.example.com\r\nAccept: text/html\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                if (head == null) {
                    break;
                }
                statuses.add(Integer.parseInt(head.split(" ")[1]));
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.readNBytes(length);
                if (head.toLowerCase().contains("connection: close")) {
                    break;
                }
            }
        }
        return statuses;
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
