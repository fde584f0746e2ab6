package dev.playlog.simulator;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the statistics of the behavioural model and its generation speed on one thread:
 * {@code ./mvnw -q -o compile exec:java -Dexec.mainClass=dev.playlog.simulator.SimulatorReport
 * -Dexec.args="EVENTS [DAYS [USERS [TRACKS [SEED]]]]"} (defaults: 1000000 events over 28 days from Monday
 * 2026-01-05 00:00 UTC, the default population, catalogue and seed of playlog.simulator.*).
 */
public final class SimulatorReport {

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final int ENCODE_SAMPLE = 50_000;

    private final PrintStream out;
    private final int events;
    private final int days;
    private final int users;
    private final int tracks;
    private final long seed;
    private final long stepNanos;

    SimulatorReport(PrintStream out, int events, int days, int users, int tracks, long seed) {
        this.out = out;
        this.events = events;
        this.days = days;
        this.users = users;
        this.tracks = tracks;
        this.seed = seed;
        this.stepNanos = Duration.ofDays(days).toNanos() / events;
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 28;
        int users = args.length > 2 ? Integer.parseInt(args[2]) : SimulatorProperties.DEFAULT_USERS;
        int tracks = args.length > 3 ? Integer.parseInt(args[3]) : SimulatorProperties.DEFAULT_TRACKS;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : SimulatorProperties.DEFAULT_SEED;
        new SimulatorReport(System.out, events, days, users, tracks, seed).run();
    }

    Instant at(long index) {
        return START.plusNanos(index * stepNanos);
    }

    void run() {
        out.printf(Locale.ROOT, "Playlog simulator report: %,d events over %d days from %s, %,d users, %,d tracks, "
                + "seed %d%n", events, days, START, users, tracks, seed);

        long t0 = System.nanoTime();
        BehaviouralGenerator generator = new BehaviouralGenerator(seed, users, tracks);
        long buildNanos = System.nanoTime() - t0;
        SimulatorStatistics stats = new SimulatorStatistics(generator.catalogueSize());
        for (int i = 0; i < events; i++) {
            long nanos = i * stepNanos;
            ListenEvent e = generator.next(START.plusNanos(nanos));
            stats.accept(e, START.toEpochMilli() + nanos / 1_000_000, generator.lastUtcOffsetMinutes());
        }
        BehaviouralGenerator.Counters counters = generator.counters();
        double[] speed = generationSpeed();
        double encodeRate = encodeRate();

        section("Speed (one thread)");
        row("generator construction (catalogue + population)", "%.0f ms", buildNanos / 1e6);
        row("generation, %,d events, best/median of 3, wall clock".formatted(events),
                "%,.0f / %,.0f events/s", speed[0], speed[1]);
        row("same runs, per second of the thread's CPU time", "%,.0f / %,.0f events/s", speed[2], speed[3]);
        row("load average of the machine (%d cores)".formatted(Runtime.getRuntime().availableProcessors()), "%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        row("ListenEventCodec.encode (contract check + JSON), %,d events".formatted(ENCODE_SAMPLE), "%,.0f events/s",
                encodeRate);

        section("Skips");
        row("skip rate (skips / streams)", "%.1f%%", 100 * stats.skipRate());
        row("streams skipped within 5 s", "%.1f%%", 100 * stats.skippedWithin5s());
        row("streams skipped within 30 s", "%.1f%%", 100 * stats.skippedWithin30s());
        double[] byPosition = stats.skipRateByPosition();
        double[] positionShares = stats.positionShares();
        StringBuilder positions = new StringBuilder();
        for (int i = 0; i < byPosition.length; i++) {
            positions.append(String.format(Locale.ROOT, "%s: %.1f%% (%.0f%% of streams)  ",
                    SimulatorStatistics.POSITION_BUCKETS[i], 100 * byPosition[i], 100 * positionShares[i]));
        }
        row("skip rate by position in session", "%s", positions.toString().strip());
        for (Map.Entry<String, double[]> c : stats.contexts().entrySet()) {
            row("  context " + c.getKey(), "%4.1f%% of streams, skip rate %.1f%%", 100 * c.getValue()[0],
                    100 * c.getValue()[1]);
        }

        section("Sessions");
        double[] sessionStreams = stats.sessionStreams();
        double[] sessionEvents = stats.sessionEvents();
        double[] minutes = stats.sessionMinutes();
        row("sessions", "%,d (started by the model: %,d)", stats.sessionCount(), counters.sessionsStarted());
        row("streams per session p50 / p90 / mean", "%.0f / %.0f / %.1f", sessionStreams[0], sessionStreams[1],
                sessionStreams[2]);
        row("events per session p50 / p90 / mean", "%.0f / %.0f / %.1f", sessionEvents[0], sessionEvents[1],
                sessionEvents[2]);
        row("minutes per session p50 / p90 / mean", "%.1f / %.1f / %.1f", minutes[0], minutes[1], minutes[2]);
        row("events served before due (population saturated)", "%,d (%.2f%%)", counters.servedEarly(),
                100.0 * counters.servedEarly() / Math.max(1, counters.events()));
        row("mean wait of a due event for its slot", "%.1f s", counters.waitedMillis() / 1000.0
                / Math.max(1, counters.events() - counters.sessionsStarted() - counters.servedEarly()));

        section("Catalogue and users");
        row("share of streams on the top 1% of tracks", "%.1f%%", 100 * stats.topPercentShare());
        row("distinct tracks streamed", "%,d of %,d", stats.distinctTracks(), generator.catalogueSize());
        row("DAU (mean) / MAU (last 30 days)", "%,.0f / %,d = %.2f", stats.dailyActiveUsers(),
                stats.monthlyActiveUsers(), stats.dauOverMau());
        row("premium share of streams", "%.1f%%", 100 * stats.premiumShare());
        row("upgrades / downgrades / churned (slots to new signups)", "%,d / %,d / %,d", counters.upgrades(),
                counters.downgrades(), counters.churned());
        row("event types", "play %.1f%%, skip %.1f%%, pause %.1f%%, like %.1f%%, add_to_playlist %.1f%%",
                100 * stats.typeShare("play"), 100 * stats.typeShare("skip"), 100 * stats.typeShare("pause"),
                100 * stats.typeShare("like"), 100 * stats.typeShare("add_to_playlist"));
        row("devices (share of streams, skip rate)", "%s", shares(stats.devices(), 9, true));
        row("countries (share of streams)", "%s", shares(stats.countries(), 12, false));

        section("Hourly profile (share of streams per hour)");
        hours("local", stats.localHourProfile());
        hours("UTC", stats.utcHourProfile());

        section("Bands (docs/simulator.md)");
        int failed = 0;
        for (SimulatorStatistics.Check check : stats.checks()) {
            out.printf(Locale.ROOT, "  %-4s %-50s %8.3f   in [%.3f, %.3f]%n", check.passes() ? "ok" : "OUT",
                    check.band().name(), check.value(), check.band().low(), check.band().high());
            failed += check.passes() ? 0 : 1;
        }
        out.printf(Locale.ROOT, "%n%s%n", failed == 0 ? "All statistics are within their bands."
                : failed + " statistic(s) outside their band (bands are set for the default model).");
    }

    /**
     * Events per second of {@code next(at)} alone (construction excluded), best and median of three runs after a
     * warm-up run, by the wall clock and by the thread's CPU time: on a shared machine the wall clock also counts
     * the time other processes hold the core.
     */
    private double[] generationSpeed() {
        double[] wall = new double[3];
        double[] cpu = new double[3];
        long sink = generate(Math.min(events, 300_000), null);
        for (int run = 0; run < 3; run++) {
            long[] times = new long[2];
            sink += generate(events, times);
            wall[run] = events / (times[0] / 1e9);
            cpu[run] = events / (times[1] / 1e9);
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[2], wall[1], cpu[2], cpu[1], sink};
    }

    private long generate(int count, long[] times) {
        BehaviouralGenerator generator = new BehaviouralGenerator(seed, users, tracks);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < count; i++) {
            sink += generator.next(at(i)).msPlayed();
        }
        if (times != null) {
            times[0] = System.nanoTime() - wall0;
            times[1] = threads.getCurrentThreadCpuTime() - cpu0;
        }
        return sink;
    }

    private double encodeRate() {
        ListenEventCodec codec = new ListenEventCodec();
        BehaviouralGenerator generator = new BehaviouralGenerator(seed, users, tracks);
        ListenEvent[] sample = new ListenEvent[ENCODE_SAMPLE];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = generator.next(at(i));
        }
        long bytes = 0;
        for (int i = 0; i < 5_000; i++) {
            bytes += codec.encode(sample[i]).length();
        }
        long t0 = System.nanoTime();
        for (ListenEvent e : sample) {
            bytes += codec.encode(e).length();
        }
        double rate = sample.length / ((System.nanoTime() - t0) / 1e9);
        return bytes > 0 ? rate : 0;
    }

    private void section(String title) {
        out.printf(Locale.ROOT, "%n%s%n", title);
    }

    private void row(String label, String format, Object... values) {
        out.printf(Locale.ROOT, "  %-58s " + format + "%n", concat(label, values));
    }

    private static Object[] concat(String first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String shares(Map<String, double[]> shares, int limit, boolean withSkips) {
        StringBuilder b = new StringBuilder();
        shares.entrySet().stream().limit(limit).forEach(e -> b.append(withSkips
                ? String.format(Locale.ROOT, "%s %.1f%% (%.0f%%), ", e.getKey(), 100 * e.getValue()[0],
                        100 * e.getValue()[1])
                : String.format(Locale.ROOT, "%s %.1f%%, ", e.getKey(), 100 * e.getValue()[0])));
        return b.length() > 2 ? b.substring(0, b.length() - 2) : "";
    }

    private void hours(String label, double[] profile) {
        double max = Arrays.stream(profile).max().orElse(1);
        out.printf(Locale.ROOT, "  %-5s", label);
        for (int h = 0; h < 24; h++) {
            out.printf(Locale.ROOT, " %02d:%4.1f", h, 100 * profile[h]);
            if (h == 11) {
                out.printf(Locale.ROOT, "%n       ");
            }
        }
        out.printf(Locale.ROOT, "%n        ");
        String bars = " .:-=+*#%@";
        for (int h = 0; h < 24; h++) {
            out.print(bars.charAt((int) Math.round(profile[h] / max * (bars.length() - 1))));
        }
        out.printf(Locale.ROOT, "  (00 to 23, relative to the busiest hour)%n");
    }
}
