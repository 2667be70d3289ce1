package io.spoabouncer.adapter.decisions.file;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.ports.testing.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDecisionSourceTest {
    @TempDir
    Path dir;
    final RecordingSink sink = new RecordingSink("file");
    FileDecisionSource source;

    FileDecisionSource start(FileSpec... files) {
        source = new FileDecisionSource("file", List.of(files), Duration.ofMillis(50), Duration.ofMillis(200), 1 << 20, sink, new DecisionFactory());
        source.start();
        return source;
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
    }

    static FileSpec spec(Path path, FileFormat format) {
        return new FileSpec(path, format, "ban", Duration.ZERO, "file", "");
    }

    String lookup(String ip) {
        return lookup(ip, 0, -1);
    }

    String lookup(String ip, int country, long asn) {
        IpAddress a = IpAddress.parse(ip);
        io.spoabouncer.domain.decision.DecisionTag d = sink.store.lookup(a.hi(), a.lo(), country, asn);
        return d == null ? null : d.type().name();
    }

    Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void cscliRawCsv() throws Exception {
        // As printed by cscli 1.4.6 (research/crowdsec-lapi.md §8.1), plus a quoted scenario with a comma.
        Path f = write("list.csv", String.join("\n",
                "id,source,ip,reason,action,country,as,events_count,expiration,simulated,alert_id",
                "7,cscli,AS:12345,manual 'captcha' from 'it-watcher',captcha,,,1,23h59m45.76856503s,false,7",
                "6,cscli,Country:CN,manual 'ban' from 'it-watcher',ban,,,1,23h59m45.768561314s,false,6",
                "5,cscli,Range:2001:db8:1::/48,manual 'throttle' from 'it-watcher',throttle,,,1,3h59m45.76855865s,false,5",
                "4,cscli,Ip:2001:db8::1,manual 'ban' from 'it-watcher',ban,,,1,3h59m44.768556107s,false,4",
                "3,cscli,Ip:5.6.7.8,\"scenario, with \"\"quotes\"\"\",captcha,,,1,29m44.768553883s,false,3",
                "2,cscli,Ip:::ffff:8.8.4.4,manual,ban,,,1,1h,false,2",
                "1,cscli,Ip:not-an-ip,manual,ban,,,1,1h,false,1", ""));
        start(spec(f, FileFormat.AUTO));
        assertEquals(6, sink.size());
        assertEquals(1, sink.rejected.get());
        assertEquals("captcha", lookup("5.6.7.8"));
        assertEquals("ban", lookup("2001:db8::1"));
        assertEquals("throttle", lookup("2001:db8:1:ffff::1"));
        assertEquals("ban", lookup("8.8.4.4"), "IPv4-mapped value normalised");
        assertEquals("ban", lookup("1.1.1.1", CountryCode.parse("CN"), -1));
        assertEquals("captcha", lookup("1.1.1.1", 0, 12345));
    }

    @Test
    void aShortCsvRowIsSkippedAndCounted_theRestOfTheFileIsRead() throws Exception {
        // found by fuzzing: a row shorter than the header threw a NullPointerException and the whole file was
        // never applied (at startup: none of its decisions)
        Path f = write("short.csv", String.join("\n",
                "id,source,ip,reason,action,country,as,events_count,expiration,simulated,alert_id",
                "1,cscli", "2,cscli,Ip:192.0.2.9,manual,ban,,,1,1h,false,2", "", "value,type", "", ""));
        start(spec(f, FileFormat.AUTO));
        assertEquals("ban", lookup("192.0.2.9"));
        assertEquals(2, sink.rejected.get(), "the short row and the stray 'value,type' row");
        Path g = write("short-import.csv", "type,value\nban\nban,192.0.2.10\n");
        start(spec(g, FileFormat.CSV));
        assertEquals("ban", lookup("192.0.2.10"));
    }

    @Test
    void importCsvUsesDefaultsForMissingColumns() throws Exception {
        Path f = write("import.csv", "duration,scope,value,type,reason\n24h,ip,12.12.12.12,ban,csv-import\n,range,10.1.0.0/16,,\n");
        start(spec(f, FileFormat.CSV));
        assertEquals("ban", lookup("12.12.12.12"));
        assertEquals("ban", lookup("10.1.2.3"));
    }

    @Test
    void cscliJsonAlertsWithNestedDecisions() throws Exception {
        Path f = write("alerts.json", "[{\"capacity\":0,\"decisions\":[{\"duration\":\"23h59m45.641496928s\",\"id\":7,\"origin\":\"cscli\","
                + "\"scenario\":\"manual\",\"scope\":\"AS\",\"simulated\":false,\"type\":\"captcha\",\"value\":\"12345\"},"
                + "{\"duration\":\"1h\",\"origin\":\"cscli\",\"scenario\":\"x\",\"scope\":\"Ip\",\"simulated\":true,\"type\":\"ban\",\"value\":\"9.9.9.9\"}],"
                + "\"events\":null,\"source\":{\"ip\":\"12345\",\"scope\":\"AS\",\"value\":\"12345\"},\"labels\":null},"
                + "{\"decisions\":[{\"duration\":\"4h\",\"origin\":\"crowdsec\",\"scenario\":\"ssh-bf\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"}]}]");
        start(spec(f, FileFormat.AUTO));
        assertEquals(2, sink.size(), "the simulated decision is not enforced");
        assertEquals("ban", lookup("1.2.3.4"));
        assertNull(lookup("9.9.9.9"));
    }

    @Test
    void cscliJsonNullIsAnEmptyList() throws Exception {
        start(spec(write("empty.json", "null"), FileFormat.AUTO));
        assertEquals(0, sink.size());
        assertTrue(source.isLoaded());
    }

    @Test
    void lapiStreamBothShapes() throws Exception {
        // 1.4.6 shape (null lists, deleted first) and the newer chunked shape ([] lists, new first).
        Path old = write("stream-old.json", "{\"deleted\":null,\"new\":[{\"duration\":\"29m58.613081118s\",\"id\":3,\"origin\":\"cscli\","
                + "\"scenario\":\"manual\",\"scope\":\"Ip\",\"type\":\"captcha\",\"value\":\"5.6.7.8\"},"
                + "{\"duration\":\"1h59m58.6s\",\"id\":2,\"origin\":\"cscli\",\"scenario\":\"ci-range-test\",\"scope\":\"Range\",\"type\":\"ban\",\"value\":\"10.0.0.5/24\"}]}");
        Path fresh = write("stream-new.json", "{\"new\": [{\"duration\":\"3h59m58s\",\"id\":4,\"origin\":\"cscli\",\"scenario\":\"m\",\"scope\":\"Ip\","
                + "\"type\":\"ban\",\"uuid\":\"beae3482\",\"value\":\"2001:0db8:0000:0000:0000:0000:0000:0abc\"}], \"deleted\": [{\"duration\":\"-1s\","
                + "\"id\":1,\"origin\":\"cscli\",\"scenario\":\"m\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"}]}");
        start(spec(old, FileFormat.AUTO), spec(fresh, FileFormat.JSON));
        assertEquals("captcha", lookup("5.6.7.8"));
        assertEquals("ban", lookup("10.0.0.200"), "host bits of the range cleared");
        assertEquals("ban", lookup("2001:db8::abc"));
        assertNull(lookup("1.2.3.4"), "deleted items are history, not state");
    }

    @Test
    void importJson() throws Exception {
        start(spec(write("import.json", "[{\"duration\":\"24h\",\"reason\":\"my_scenario\",\"scope\":\"ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"},"
                + "{\"value\":\"11.12.0.0/16\"}, {\"type\":\"ban\"}, 42]"), FileFormat.AUTO));
        assertEquals("ban", lookup("1.2.3.4"));
        assertEquals("ban", lookup("11.12.13.14"));
        assertEquals(2, sink.rejected.get(), "an item without value and a non-object");
    }

    @Test
    void plainListWithCommentsAndTypeFromConfig() throws Exception {
        Path f = write("list.txt", "# header\n\n198.51.100.7   # a note\n203.0.113.0/24 ; other\n  2001:db8::1\nbogus\n1.2.3.4/40\n");
        start(new FileSpec(f, FileFormat.AUTO, "captcha", Duration.ZERO, "lists", "firehol"));
        assertEquals(3, sink.size());
        assertEquals(2, sink.rejected.get());
        assertEquals("captcha", lookup("203.0.113.99"));
        Decision d = sink.store.all().get(0);
        assertEquals("lists", d.origin());
        assertEquals(Decision.NEVER_EXPIRES, d.expiresAtMillis());
    }

    @Test
    void durationsCountFromTheFilesModificationTime() throws Exception {
        Path f = write("list.txt", "198.51.100.7\n");
        Instant written = Instant.now().minus(Duration.ofMinutes(30));
        Files.setLastModifiedTime(f, FileTime.from(written));
        start(new FileSpec(f, FileFormat.PLAIN, "ban", Duration.ofHours(1), "file", ""));
        long expires = sink.store.all().get(0).expiresAtMillis();
        assertEquals(written.toEpochMilli() / 1000 + 3600, expires / 1000);
    }

    @Test
    void aChangedFileIsAppliedWithinASecond_andOthersKeepTheirDecisions() throws Exception {
        Path a = write("a.txt", "198.51.100.1\n");
        Path b = write("b.txt", "198.51.100.2\n");
        start(spec(a, FileFormat.PLAIN), spec(b, FileFormat.PLAIN));
        assertEquals(2, sink.size());
        Path tmp = write("a.tmp", "198.51.100.3\n198.51.100.4\n");
        Files.move(tmp, a, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> sink.size() == 3);
        assertNull(lookup("198.51.100.1"));
        assertEquals("ban", lookup("198.51.100.2"));
        assertEquals("ban", lookup("198.51.100.4"));
    }

    @Test
    void aBrokenOrMissingFileKeepsItsPreviousDecisions() throws Exception {
        Path f = write("s.json", "{\"new\":[{\"scope\":\"Ip\",\"value\":\"1.2.3.4\",\"type\":\"ban\",\"duration\":\"1h\",\"origin\":\"cscli\",\"scenario\":\"x\"}]}");
        start(spec(f, FileFormat.JSON));
        assertEquals("ban", lookup("1.2.3.4"));
        int batches = sink.batches.get();
        int failed = sink.failedPulls.get();
        Files.writeString(f, "{\"new\":[{\"scope\":\"Ip\",\"value\":\"5.5.5.5\"");  // half-written
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> sink.failedPulls.get() > failed); // the source read it and refused it
        assertEquals("ban", lookup("1.2.3.4"));
        assertNull(lookup("5.5.5.5"));
        assertEquals(batches, sink.batches.get(), "nothing published for a broken file");
        Files.delete(f);
        long polls = source.polls();
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> source.polls() >= polls + 2); // it looked, twice, and found nothing
        assertEquals("ban", lookup("1.2.3.4"), "a vanished file keeps its decisions");
        assertEquals(batches, sink.batches.get(), "nothing published for a vanished file");
        Files.writeString(f, "{\"new\":[]}");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> sink.size() == 0);
    }

    @Test
    void aFileThatAppearsLaterIsRead() throws Exception {
        Path f = dir.resolve("later.txt");
        start(spec(f, FileFormat.PLAIN));
        assertTrue(source.isLoaded());
        assertEquals(0, sink.size());
        Files.writeString(f, "198.51.100.9\n");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> sink.size() == 1);
    }

    @Test
    void aFileOverTheSizeBoundIsRefused() throws Exception {
        Path f = write("big.txt", "198.51.100.9\n".repeat(100));
        source = new FileDecisionSource("file", List.of(spec(f, FileFormat.PLAIN)), Duration.ofMillis(50), Duration.ofMillis(200), 100, sink, new DecisionFactory());
        source.start();
        assertEquals(0, sink.size());
    }


    /** The source's clocks, moved by the test: the wall clock (file ages) and the monotonic one (settling). */
    static final class Clocks {
        final long wall = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long nanos;

        void advance(Duration d) {
            nanos += d.toNanos();
        }
    }

    final Clocks clocks = new Clocks();

    /** A source on the test's clocks with a 1 s settle time; its poller is stopped, the test polls. */
    FileDecisionSource startOnTestClocks(FileSpec... files) {
        source = new FileDecisionSource("file", List.of(files), Duration.ofMillis(50), Duration.ofSeconds(1), 1 << 20, sink,
                new DecisionFactory(), () -> clocks.wall, () -> clocks.nanos);
        source.start();
        source.stop();
        return source;
    }

    /** Writes in place (truncating, as an editor or a shell redirection does) and dates the file. */
    void rewriteInPlace(Path f, String content, long modifiedMillis) throws Exception {
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.fromMillis(modifiedMillis));
    }

    @Test
    void aFileRewrittenInPlaceIsNotReadUntilItHasSettled() throws Exception {
        Path f = write("list.txt", "");
        rewriteInPlace(f, "198.51.100.1\n", clocks.wall - 5_000);
        startOnTestClocks(spec(f, FileFormat.PLAIN));
        assertEquals("ban", lookup("198.51.100.1"), "a file last changed 5 s ago is read at start");
        int batches = sink.batches.get();

        rewriteInPlace(f, "", clocks.wall);              // truncated: the writer has not written yet
        source.poll();
        clocks.advance(Duration.ofMillis(600));
        source.poll();
        rewriteInPlace(f, "198.51.100.2\n198.51", clocks.wall); // half written
        clocks.advance(Duration.ofMillis(600));
        source.poll();                                    // 1.2 s since the first change, 0.6 s since the last
        clocks.advance(Duration.ofMillis(600));
        source.poll();
        assertEquals(batches, sink.batches.get(), "nothing published while the file was changing");
        assertEquals("ban", lookup("198.51.100.1"), "the previous decisions stay in force meanwhile");

        // Written out, and dated an hour ahead (a file server whose clock is ahead): it settles by the polls' clock.
        rewriteInPlace(f, "198.51.100.2\n198.51.100.3\n", clocks.wall + 3_600_000);
        source.poll();
        clocks.advance(Duration.ofMillis(999));
        source.poll();
        assertEquals(batches, sink.batches.get(), "not yet settled");
        clocks.advance(Duration.ofMillis(1));
        source.poll();
        assertEquals(batches + 1, sink.batches.get());
        assertNull(lookup("198.51.100.1"));
        assertEquals("ban", lookup("198.51.100.2"));
        assertEquals("ban", lookup("198.51.100.3"));
        assertEquals(0, sink.rejected.get(), "no half-written line was ever read");
    }

    @Test
    void aFileEmptiedOnPurposeIsReadOnceItHasSettled() throws Exception {
        Path f = write("list.txt", "");
        rewriteInPlace(f, "198.51.100.1\n", clocks.wall - 5_000);
        startOnTestClocks(spec(f, FileFormat.PLAIN));
        rewriteInPlace(f, "", clocks.wall);
        source.poll();
        assertEquals("ban", lookup("198.51.100.1"));
        clocks.advance(Duration.ofSeconds(1));
        source.poll();
        assertNull(lookup("198.51.100.1"), "a list cleared and left so is honoured");
        assertEquals(0, sink.size());
    }

    @Test
    void aFileMovedIntoPlaceLongAfterItWasWrittenIsReadAtTheNextPoll() throws Exception {
        Path f = write("list.txt", "");
        rewriteInPlace(f, "198.51.100.1\n", clocks.wall - 5_000);
        startOnTestClocks(spec(f, FileFormat.PLAIN));
        Path tmp = write("list.tmp", "198.51.100.4\n");
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(clocks.wall - 1_000));
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        source.poll();
        assertEquals("ban", lookup("198.51.100.4"));
        assertNull(lookup("198.51.100.1"));
    }

    @Test
    void startWaitsForAFileStillBeingWritten() throws Exception {
        Path f = write("fresh.txt", "198.51.100.1\n");  // written just now: not settled yet
        start(spec(f, FileFormat.PLAIN));
        assertTrue(source.isLoaded());
        assertEquals("ban", lookup("198.51.100.1"), "the agent does not start without a file that was only settling");
    }

    @Test
    void aFileThatNeverStopsChangingIsNamedInTheLogOnceAndKeepsItsPreviousDecisions() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FileDecisionSource.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            Path f = write("list.txt", "");
            rewriteInPlace(f, "198.51.100.1\n", clocks.wall - 5_000);
            startOnTestClocks(spec(f, FileFormat.PLAIN));
            for (int i = 0; i < 40; i++) { // appended to every half second for 20 s
                Files.writeString(f, "198.51.100." + (i + 2) + "\n", java.nio.file.StandardOpenOption.APPEND);
                Files.setLastModifiedTime(f, FileTime.fromMillis(clocks.wall));
                source.poll();
                clocks.advance(Duration.ofMillis(500));
            }
            assertEquals("ban", lookup("198.51.100.1"));
            assertNull(lookup("198.51.100.2"));
            List<String> warnings = logged.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("has kept changing for 10 s"), warnings.get(0));
            clocks.advance(Duration.ofSeconds(1));
            source.poll();
            assertEquals("ban", lookup("198.51.100.41"), "read once it stops changing");
        } finally {
            logger.detachAppender(logged);
        }
    }
}
