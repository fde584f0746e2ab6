package dev.playlog.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads between two snapshots, from {@code /proc/self/task/<tid>/stat} (utime + stime), so
 * native threads are counted too: GC workers, JIT compilers, DuckDB's. Threads are grouped by a short role (numbers
 * in names removed) so a stage's report says where its CPU went.
 */
final class CpuByThread {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, Long> start;
    private final Map<Long, Long> javaStart;

    private CpuByThread(Map<String, Long> start, Map<Long, Long> javaStart) {
        this.start = start;
        this.javaStart = javaStart;
    }

    static CpuByThread begin() {
        return new CpuByThread(snapshot(), javaSnapshot());
    }

    /** Java thread id -> CPU nanoseconds. */
    private static Map<Long, Long> javaSnapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /** CPU seconds per thread group since {@link #begin()}, largest first, groups under 2 % of the total merged. */
    Map<String, Double> end() {
        Map<String, Long> now = snapshot();
        Map<String, Double> byGroup = new HashMap<>();
        // Java threads by their full names (Linux keeps only 15 characters: every Camel thread is "Camel (camel-1)")
        Set<String> javaComms = new HashSet<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            javaComms.add(name.length() > 15 ? name.substring(0, 15) : name);
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            long used = nanos - javaStart.getOrDefault(info.getThreadId(), 0L);
            if (nanos >= 0 && used > 0) {
                byGroup.merge(group(name), used / 1e9, Double::sum);
            }
        }
        // native threads (GC, JIT, DuckDB, ...) from /proc
        now.forEach((key, ticks) -> {
            String comm = key.substring(key.indexOf(' ') + 1);
            long used = ticks - start.getOrDefault(key, 0L);
            if (used > 0 && !javaComms.contains(comm)) {
                byGroup.merge(group(comm), used / TICKS_PER_SECOND, Double::sum);
            }
        });
        double total = byGroup.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> result = new LinkedHashMap<>();
        double other = 0;
        for (Map.Entry<String, Double> e : byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            if (e.getValue() >= 0.02 * total) {
                result.put(e.getKey(), e.getValue());
            } else {
                other += e.getValue();
            }
        }
        if (other > 0) {
            result.put("other", other);
        }
        return result;
    }

    static String describe(Map<String, Double> cpu, double wallSeconds) {
        double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        return String.format(Locale.ROOT, "CPU %.1f s in %.1f s (%.2f cores): ", total, wallSeconds, total / wallSeconds)
                + cpu.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100 * e.getValue() / total))
                        .collect(Collectors.joining(", "));
    }

    private static String group(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "GC";
        }
        if (comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler")) {
            return "JIT";
        }
        String name = comm.replaceAll("\\d+", "N").trim();
        if (name.startsWith("data-plane-kafk") || name.startsWith("kafka-")) {
            return "Kafka broker";
        }
        if (name.startsWith("kafka-producer")) {
            return "Kafka producer I/O";
        }
        if (name.contains("KafkaConsumer")) {
            return "lake-write thread";
        }
        if (name.contains("timer://") || name.contains("timer")) {
            return "simulator thread";
        }
        if (name.startsWith("SNProxy") || name.startsWith("qtp")) {
            return "S3 server";
        }
        return name;
    }

    /** "tid comm" -> utime + stime ticks for every live thread. */
    private static Map<String, Long> snapshot() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(open + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    // fields after "(comm) ": state(0) ... utime(11) stime(12)
                    ticks.put(task.getFileName() + " " + comm, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }
}
