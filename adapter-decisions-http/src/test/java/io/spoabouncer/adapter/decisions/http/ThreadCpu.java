package io.spoabouncer.adapter.decisions.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of every thread of this JVM, JIT compilers and GC workers included, from Linux's
 * /proc/self/task (empty elsewhere): where a benchmark's two vCPUs went, not only the Java threads.
 */
final class ThreadCpu {
    private static final long MS_PER_TICK = 10; // USER_HZ is 100 on Linux

    private ThreadCpu() {
    }

    /** Milliseconds of user + system time by thread name (threads of one name summed, digits folded). */
    static Map<String, Long> byThread() {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    out.merge(name, ticks * MS_PER_TICK, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while listed
                }
            }
        } catch (IOException notLinux) {
            return Map.of();
        }
        return out;
    }

    /** The {@code top} threads by CPU spent between two readings, as "name=ms, ...". */
    static String busiest(Map<String, Long> before, Map<String, Long> after, int top) {
        long total = after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "total=" + total + ": ", ""));
    }
}
