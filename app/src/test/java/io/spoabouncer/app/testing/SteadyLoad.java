package io.spoabouncer.app.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady HTTP traffic through HAProxy from distinct loopback addresses, one client thread per address,
 * each sending its next request as soon as the last one was answered: a new connection each (so every
 * request is judged from its connection on), or, for a label ending in {@code +keepalive}, many requests
 * on one kept-alive connection (reopened when HAProxy closes it). Every request's path names its client and a sequence number
 * ({@code /load/<address>/<n>}), so the backend's log tells exactly which client got through; every answer
 * is recorded with the phase it started in. Bounded: it stops when told or after {@code maxDuration}.
 */
public final class SteadyLoad implements AutoCloseable {
    /**
     * One answered (or failed) request; {@code fromBackend} when the answer is the backend's own; {@code failure}
     * what went wrong when there was no answer (status -1), else null.
     */
    public record Sample(String phase, String client, int status, long nanos, boolean fromBackend, String failure) {
    }

    /**
     * How long a client waits for its answer: longer than any fault a test injects, so a request HAProxy
     * holds (Debian's 2.6.12 can miss `timeout processing` for a request sent the instant the agent stalls)
     * is seen answered, with its latency, rather than given up on.
     */
    static final int ANSWER_TIMEOUT_MILLIS = 60_000;

    private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final long deadlineNanos;
    private final Map<String, String> cookies;
    private volatile String phase;
    private volatile boolean running = true;

    /**
     * @param clients label (ban, captcha, allow, ...) to the source addresses sending as that label
     * @param cookies a Cookie header value by source address, for the clients that hold one
     * @param firstPhase the phase the first requests count in
     */
    public SteadyLoad(int frontendPort, Map<String, List<String>> clients, Map<String, String> cookies, String firstPhase,
                      java.time.Duration maxDuration) {
        this.cookies = Map.copyOf(cookies);
        this.phase = firstPhase;
        this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
        clients.forEach((label, addresses) -> addresses.forEach(address -> {
            Thread t = new Thread(() -> run(frontendPort, label, address), "load-" + address);
            t.setDaemon(true);
            threads.add(t);
        }));
        threads.forEach(Thread::start);
    }

    private void run(int port, String label, String address) {
        if (label.endsWith(KEEPALIVE)) {
            keepAlive(port, label, address);
            return;
        }
        while (running && System.nanoTime() < deadlineNanos) {
            String at = phase;
            long t0 = System.nanoTime();
            int status;
            boolean fromBackend = false;
            String failure = null;
            try {
                String cookie = cookies.containsKey(address) ? "Cookie: " + cookies.get(address) + "\r\n" : "";
                RawHttp.Response r = RawHttp.send(address, port, "GET /load/" + address + "/" + seq.incrementAndGet() + " HTTP/1.1\r\nHost: example.com\r\n"
                        + "Accept: text/html\r\n" + cookie + "Connection: close\r\n\r\n", ANSWER_TIMEOUT_MILLIS);
                status = r.status();
                fromBackend = r.body().startsWith("hello from backend");
            } catch (Exception e) {
                status = -1; // no answer at all (refused, reset, timed out)
                failure = e.toString();
            }
            samples.add(new Sample(at, label, status, System.nanoTime() - t0, fromBackend, failure));
        }
    }

    public static final String KEEPALIVE = "+keepalive";

    private void keepAlive(int port, String label, String address) {
        java.net.Socket socket = null;
        java.io.BufferedInputStream in = null;
        while (running && System.nanoTime() < deadlineNanos) {
            String at = phase;
            long t0 = System.nanoTime();
            int status = -1;
            boolean fromBackend = false;
            String failure = null;
            try {
                if (socket == null) {
                    socket = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(address), 0);
                    socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
                    in = new java.io.BufferedInputStream(socket.getInputStream());
                }
                String cookie = cookies.containsKey(address) ? "Cookie: " + cookies.get(address) + "\r\n" : "";
                socket.getOutputStream().write(("GET /load/" + address + "/" + seq.incrementAndGet() + " HTTP/1.1\r\nHost: example.com\r\n"
                        + "Accept: text/html\r\n" + cookie + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String head = readHead(in);
                status = Integer.parseInt(head.split("\r\n", 2)[0].split(" ")[1]);
                java.util.regex.Matcher len = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
                boolean close = head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close");
                byte[] body = len.find() ? in.readNBytes(Integer.parseInt(len.group(1))) : in.readAllBytes();
                fromBackend = new String(body, java.nio.charset.StandardCharsets.UTF_8).startsWith("hello from backend");
                if (close || !len.reset().find()) {
                    socket.close();
                    socket = null;
                }
            } catch (Exception e) {
                failure = e.toString();
                status = -1;
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (java.io.IOException ignored) {
                    // already broken
                }
                socket = null;
            }
            samples.add(new Sample(at, label, status, System.nanoTime() - t0, fromBackend, failure));
        }
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (java.io.IOException ignored) {
            // done
        }
    }

    private static String readHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new java.io.EOFException("connection closed before the answer");
            }
            b.append((char) c);
            if (b.length() > 65536) {
                throw new java.io.IOException("answer head over 64 KiB");
            }
        }
        return b.toString();
    }

    /** Requests started from now on count in this phase. */
    public void phase(String name) {
        phase = name;
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
    }
}
