package io.spoabouncer.adapter.decisions.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.core.usage.UsageTally;
import io.spoabouncer.ports.testing.RecordingSink;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.io.FileInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to LAPI with the PKI the research recipe uses (openssl: a CA, a server certificate for 127.0.0.1, a
 * client certificate with OU=bouncer-ou), against a loopback HTTPS server that requires the client
 * certificate, as a LAPI with bouncers_allowed_ou does.
 */
class LapiTlsTest {
    @TempDir
    static Path pki;
    HttpsServer server;
    HttpDecisionSource source;
    final List<String> clientSubjects = new CopyOnWriteArrayList<>();
    final DecisionStore store = new DecisionStore();

    static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(cmd + ": " + out);
        }
    }

    @BeforeAll
    static void makePki() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650", "-subj", "/CN=ci-test-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        java.nio.file.Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "3650", "-extfile", "server.ext");
        openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12", "-passout", "pass:changeit");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "bouncer.key", "-out", "bouncer.csr", "-subj", "/OU=bouncer-ou/CN=java-bouncer");
        java.nio.file.Files.writeString(pki.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl("x509", "-req", "-in", "bouncer.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "bouncer.pem", "-days", "3650", "-extfile", "client.ext");
    }

    void startServer() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(pki.resolve("server.p12").toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", TlsContexts.certificates(pki.resolve("ca.pem")).iterator().next());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ex -> {
            clientSubjects.add(((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName());
            byte[] b = "{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\",\"origin\":\"cscli\",\"scenario\":\"m\"}],\"deleted\":null}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    HttpDecisionSource start(String tls) throws Exception {
        DecisionSink sink = new RecordingSink(store, "http");
        source = new HttpDecisionSource("http", LapiSettings.from(HoconSettings.of("decisions.http",
                "api-url = \"https://127.0.0.1:" + server.getAddress().getPort() + "/\"\nsnapshot.path = \"\"\n"
                        + "retry { initial = 100ms, max = 200ms }\n" + tls)), sink, new DecisionFactory(), new UsageTally(), System::currentTimeMillis);
        source.start();
        return source;
    }

    @Test
    void clientCertificateWithACustomCa() throws Exception {
        startServer();
        start("cert-path = \"" + pki.resolve("bouncer.pem") + "\"\nkey-path = \"" + pki.resolve("bouncer.key") + "\"\nca-cert-path = \"" + pki.resolve("ca.pem") + "\"\n");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> store.size() == 1);
        assertEquals("CN=java-bouncer,OU=bouncer-ou", clientSubjects.get(0));
    }

    @Test
    void anUntrustedLapiCertificateIsRefused() throws Exception {
        startServer();
        start("cert-path = \"" + pki.resolve("bouncer.pem") + "\"\nkey-path = \"" + pki.resolve("bouncer.key") + "\"\n");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> source.lastError() != null);
        assertTrue(source.lastError().contains("cannot get decisions from LAPI"), source.lastError());
        assertEquals(0, store.size());
    }

    @Test
    void insecureSkipVerifyAcceptsIt() throws Exception {
        startServer();
        start("cert-path = \"" + pki.resolve("bouncer.pem") + "\"\nkey-path = \"" + pki.resolve("bouncer.key") + "\"\ninsecure-skip-verify = true\n");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> store.size() == 1);
    }

    @Test
    void aPkcs1KeyGetsAConversionHint() throws Exception {
        openssl("genrsa", "-traditional", "-out", "old.key", "2048");
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> TlsContexts.privateKey(pki.resolve("old.key")));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }
}
