package dev.playlog.pipeline;

import static dev.playlog.pipeline.BenchTable.count;
import static dev.playlog.pipeline.BenchTable.mib;
import static dev.playlog.pipeline.BenchTable.ms;
import static dev.playlog.pipeline.BenchTable.percent;
import static dev.playlog.pipeline.BenchTable.rate;
import static dev.playlog.pipeline.BenchTable.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.dbt.DbtEnvironment;
import dev.playlog.dbt.DbtRunSummary;
import dev.playlog.dbt.DbtRunner;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.RefreshResult;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseRefresher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Playlog's throughput, freshness and memory on the embedded stack, with the real application and route files, as one
 * table on stdout and in {@code target/bench/results.md}. Run it with {@code ./mvnw -B -q -Pbench verify}; what each
 * figure means and the system properties that size it are in {@code bench/README.md}.
 */
class PipelineBenchmark {

    // sizes: -Dbench.<name>=...
    private static final long GENERATOR_EVENTS = longProperty("bench.generator.events", 1_000_000);
    private static final long KAFKA_EVENTS = longProperty("bench.kafka.events", 500_000);
    private static final int SIMULATOR_RATE = (int) longProperty("bench.simulator.rate", 1_000_000);
    private static final long END_TO_END_EVENTS = longProperty("bench.end-to-end.events", 3_000_000);
    private static final int FRESHNESS_RATE = (int) longProperty("bench.freshness.rate", 1_000);
    private static final long BRONZE_WINDOW_S = longProperty("bench.freshness.bronze-seconds", 30);
    private static final long GOLD_WINDOW_S = longProperty("bench.freshness.gold-seconds", 40);
    /** The lake writer's batch age for the freshness run; empty = the shipped default (application.yaml). */
    private static final String FRESHNESS_LAKE_MAX_AGE_MS = System.getProperty("bench.freshness.lake-max-age-ms", "");
    /** An existing dbt virtualenv to reuse; empty = the repository's .venv, installed on first use. */
    private static final String DBT_VENV = System.getProperty("playlog.dbt.venv", "");

    /** The simulator's shipped defaults (SimulatorProperties): the population and catalogue every stage uses. */
    private static final long SEED = 42;
    private static final int USERS = 500;
    private static final int TRACKS = 5_000;
    /** Simulated time of the throughput runs: at 1,000,000 events/s, 2,000,000 events span 2 s of one hour. */
    private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    private static final int WARM_UP_EVENTS = 20_000;
    private static final String SIMULATOR_ROUTE = "simulator-produce";
    private static final String LAKE_ROUTE = "lake-write";
    private static final String RECORDS_WRITTEN = "playlog.lake.records.written";
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path data;

    private final BenchTable table = new BenchTable();

    @Test
    void measuresThroughputFreshnessAndMemory() throws Exception {
        String loadBefore = loadAverage();
        Instant began = Instant.now();
        try (MemoryWatch memory = new MemoryWatch()) {
            int recordBytes = simulatorAlone(memory);
            EndToEnd endToEnd = endToEnd(memory);
            ThroughputRun throughput = skipped("throughput") ? null : throughput(memory, recordBytes, endToEnd);
            if (throughput == null) {
                table.row("8", "End to end: simulator -> Kafka -> Parquet on S3, both routes running",
                        count(END_TO_END_EVENTS), seconds(endToEnd.timing().totalNanos()),
                        rate(endToEnd.timing().steadyRate()), "", endToEnd.peak(), "throughput stages skipped; " + endToEnd.cpu());
            }
            if (!skipped("freshness")) {
                freshness(memory);
            }
            MemoryWatch.Peak run = memory.run();
            table.row("6", "Whole run: peak heap used / peak RSS of this JVM", "", seconds(
                    Duration.between(began, Instant.now()).toNanos()), mib(run.heapUsed()) + " / " + mib(run.rss()), "",
                    run, "heap pools' peaks summed " + mib(run.poolPeaks()) + "; -Xmx " + mib(memory.maxHeap())
                            + (memory.rssPerStage() ? "" : "; RSS could not be reset per stage: stage figures are run peaks so far"));
            preamble(loadBefore, began);
            String markdown = table.markdown();
            System.out.println();
            System.out.println(markdown);
            Path results = Path.of("target", "bench", "results.md");
            Files.createDirectories(results.getParent());
            Files.writeString(results, markdown, StandardCharsets.UTF_8);

            if (throughput != null) {
                assertThat(throughput.lakeRows()).isEqualTo(KAFKA_EVENTS);
            }
            assertThat(endToEnd.lakeRows()).isEqualTo(END_TO_END_EVENTS);
        }
    }

    /** Stage 1: the generator, then generator + ListenEventCodec.encode, on this thread. Returns the mean record size. */
    private int simulatorAlone(MemoryWatch memory) {
        progress("stage 1: simulator alone, " + count(GENERATOR_EVENTS) + " events");
        ListenEventCodec codec = new ListenEventCodec();
        BehaviouralGenerator warmUp = new BehaviouralGenerator(SEED, USERS, TRACKS);
        long bytes = 0;
        for (int i = 0; i < WARM_UP_EVENTS; i++) {
            bytes += codec.encode(warmUp.next(Simulator.simulatedTime(START, SIMULATOR_RATE, i))).getBytes(StandardCharsets.UTF_8).length;
        }
        int recordBytes = (int) Math.round((double) bytes / WARM_UP_EVENTS);
        writeCeilingPayloads();

        BehaviouralGenerator generator = new BehaviouralGenerator(SEED, USERS, TRACKS);
        memory.beginStage();
        long sink = 0;
        long start = System.nanoTime();
        for (long i = 0; i < GENERATOR_EVENTS; i++) {
            sink += generator.next(Simulator.simulatedTime(START, SIMULATOR_RATE, i)).msPlayed();
        }
        long generatorNanos = System.nanoTime() - start;
        assertThat(sink).isPositive(); // uses the events, so the JIT cannot drop the loop
        table.row("1a", "Simulator alone: BehaviouralGenerator.next (1 thread)", count(GENERATOR_EVENTS),
                seconds(generatorNanos), rate(GENERATOR_EVENTS * 1e9 / generatorNanos), "", memory.endStage(),
                "shipped population: seed " + SEED + ", " + count(USERS) + " users, " + count(TRACKS) + " tracks");

        generator = new BehaviouralGenerator(SEED, USERS, TRACKS);
        memory.beginStage();
        long chars = 0;
        start = System.nanoTime();
        for (long i = 0; i < GENERATOR_EVENTS; i++) {
            ListenEvent event = generator.next(Simulator.simulatedTime(START, SIMULATOR_RATE, i));
            chars += codec.encode(event).length();
        }
        long encodeNanos = System.nanoTime() - start;
        double perEvent = encodeNanos / (double) GENERATOR_EVENTS;
        table.row("1b", "Simulator alone: generator + ListenEventCodec.encode (1 thread)", count(GENERATOR_EVENTS),
                seconds(encodeNanos), rate(1e9 / perEvent), "", memory.endStage(),
                String.format(Locale.ROOT, "mean record %d B (%d chars); encode = %.0f %% of the time", recordBytes,
                        chars / GENERATOR_EVENTS, 100 * (1 - generatorNanos / (double) encodeNanos)));
        return recordBytes;
    }

    private record ThroughputRun(long lakeRows) {
    }

    private record EndToEnd(Timing timing, MemoryWatch.Peak peak, long lakeRows, long lakeObjects, String cpu) {
    }

    /** Playlog's own records, one per line: the ceiling stage's payloads. */
    private Path ceilingPayloads() {
        return data.resolve("ceiling-payloads.ndjson");
    }

    private void writeCeilingPayloads() {
        ListenEventCodec codec = new ListenEventCodec();
        BehaviouralGenerator generator = new BehaviouralGenerator(SEED, USERS, TRACKS);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            lines.append(codec.encode(generator.next(Simulator.simulatedTime(START, SIMULATOR_RATE, i)))).append('\n');
        }
        try {
            Files.writeString(ceilingPayloads(), lines);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Stage 8: the sustained end-to-end rate. Both routes start together on an empty topic; the simulator produces
     * {@code bench.end-to-end.events} as fast as the route can, while lake-write turns them into Parquet on S3.
     */
    private EndToEnd endToEnd(MemoryWatch memory) throws Exception {
        progress("starting Playlog for the end-to-end stage");
        try (PlaylogInstance app = routesStartedByTheBenchmark("end-to-end", END_TO_END_EVENTS)) {
            CamelContext camel = app.bean(CamelContext.class);
            Counter written = app.bean(MeterRegistry.class).get(RECORDS_WRITTEN).counter();
            progress("stage 8: simulator -> Kafka -> Parquet on S3, both routes running, " + count(END_TO_END_EVENTS) + " events");
            memory.beginStage();
            CpuByThread cpu = CpuByThread.begin();
            Timing timing = timeUntil(END_TO_END_EVENTS, () -> {
                camel.getRouteController().startRoute(LAKE_ROUTE);
                camel.getRouteController().startRoute(SIMULATOR_ROUTE);
            }, () -> (long) written.count());
            MemoryWatch.Peak peak = memory.endStage();
            String cpuUse = CpuByThread.describe(cpu.end(), timing.totalNanos() / 1e9);
            progress("stage 8: " + cpuUse);
            camel.getRouteController().stopRoute(SIMULATOR_ROUTE);
            camel.getRouteController().stopRoute(LAKE_ROUTE);
            return new EndToEnd(timing, peak, (long) written.count(), lakeObjects(app)[0], cpuUse);
        }
    }

    /**
     * An instance whose routes start only when the benchmark starts them, with a simulator that produces
     * {@code maxEvents} in simulated time as fast as it can; no scheduled refresh or dbt build.
     */
    private PlaylogInstance routesStartedByTheBenchmark(String name, long maxEvents) {
        PlaylogInstance app = instance(name)
                .with("camel.main.auto-startup", false)
                .with("playlog.simulator.rate", SIMULATOR_RATE)
                .with("playlog.simulator.max-events", maxEvents)
                .with("playlog.simulator.start-time", START.toString())
                .with("playlog.warehouse.refresh-cron", NEVER)
                .with("playlog.dbt.cron", NEVER)
                .start();
        // on a fresh clone the app installs dbt into .venv in the background: let that finish before measuring
        app.bean(DbtEnvironment.class).dbt();
        return app;
    }

    /** Stages 2, 3, 7 and 5 on one instance whose routes only start when the benchmark starts them. */
    private ThroughputRun throughput(MemoryWatch memory, int recordBytes, EndToEnd endToEnd) throws Exception {
        progress("starting Playlog for the throughput stages");
        try (PlaylogInstance app = routesStartedByTheBenchmark("throughput", KAFKA_EVENTS)) {
            CamelContext camel = app.bean(CamelContext.class);
            KafkaProperties kafka = app.bean(KafkaProperties.class);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                // 2: simulator -> Kafka through the real route, until the topic holds every event
                progress("stage 2: simulator -> Kafka, " + count(KAFKA_EVENTS) + " events at rate " + SIMULATOR_RATE);
                memory.beginStage();
                Timing produce = timeUntil(KAFKA_EVENTS, () -> camel.getRouteController().startRoute(SIMULATOR_ROUTE),
                        () -> FreshnessProbe.endOffsets(admin, kafka.topic()).values().stream().mapToLong(Long::longValue).sum());
                MemoryWatch.Peak producePeak = memory.endStage();
                camel.getRouteController().stopRoute(SIMULATOR_ROUTE);

                // 3: Kafka -> Parquet on S3 through the real route, from the pre-filled topic
                progress("stage 3: Kafka -> Parquet on S3 from a pre-filled topic");
                Counter written = app.bean(MeterRegistry.class).get(RECORDS_WRITTEN).counter();
                memory.beginStage();
                Timing lake = timeUntil(KAFKA_EVENTS, () -> camel.getRouteController().startRoute(LAKE_ROUTE),
                        () -> (long) written.count());
                MemoryWatch.Peak lakePeak = memory.endStage();
                camel.getRouteController().stopRoute(LAKE_ROUTE);
                long[] lakeObjects = lakeObjects(app);

                // 7: Kafka's own producer on the same broker with Playlog's records: (a) with the producer's defaults
                // plus acks=all and idempotence, (b) with the simulator route's own producer settings
                progress("stage 7a: Kafka ProducerPerformance, producer defaults, " + count(KAFKA_EVENTS) + " records of "
                        + recordBytes + " B");
                memory.beginStage();
                KafkaCeiling.Result plain = KafkaCeiling.run(admin, kafka.bootstrapServers(), "bench-ceiling-defaults",
                        kafka.partitions(), KAFKA_EVENTS, ceilingPayloads(),
                        new java.util.TreeMap<>(Map.of("acks", "all", "enable.idempotence", "true")));
                MemoryWatch.Peak plainPeak = memory.endStage();
                progress("stage 7b: Kafka ProducerPerformance, the route's producer settings");
                memory.beginStage();
                KafkaCeiling.Result ceiling = KafkaCeiling.run(admin, kafka.bootstrapServers(), "bench-ceiling",
                        kafka.partitions(), KAFKA_EVENTS, ceilingPayloads(),
                        RouteProducerSettings.of(Path.of("routes", SIMULATOR_ROUTE + ".camel.yaml")));
                MemoryWatch.Peak ceilingPeak = memory.endStage();

                table.row("2", "Simulator -> Kafka: simulator-produce route (acks=all, idempotent)", count(KAFKA_EVENTS),
                        seconds(produce.totalNanos()), rate(produce.steadyRate()),
                        ratios(produce.steadyRate(), plain, ceiling), producePeak,
                        "playlog.simulator.rate=" + SIMULATOR_RATE + ", max-events, start-time set; sustained rate: after the"
                                + " first 20 % of the records are in the topic; wall time from route start");
                table.row("3", "Kafka -> Parquet on S3: lake-write route, pre-filled topic", count(KAFKA_EVENTS),
                        seconds(lake.totalNanos()), rate(lake.steadyRate()),
                        ratios(lake.steadyRate(), plain, ceiling), lakePeak,
                        String.format(Locale.ROOT, "until %s reaches %s; sustained rate: after the first 20 %% of the events; %,d objects, "
                                + "%.0f B/row in the lake; shipped batch settings (max-records %d)", RECORDS_WRITTEN,
                                count(KAFKA_EVENTS), lakeObjects[0], lakeObjects[1] / (double) KAFKA_EVENTS,
                                app.bean(LakeProperties.class).maxRecords()));
                table.row("8", "End to end: simulator -> Kafka -> Parquet on S3, both routes running",
                        count(END_TO_END_EVENTS), seconds(endToEnd.timing().totalNanos()),
                        rate(endToEnd.timing().steadyRate()),
                        ratios(endToEnd.timing().steadyRate(), plain, ceiling), endToEnd.peak(),
                        String.format(Locale.ROOT, "empty topic, both routes started together; until %s reaches %s; "
                                + "sustained rate: after the first 20 %% of the events; %,d objects; wall time from route start; %s",
                                RECORDS_WRITTEN, count(END_TO_END_EVENTS), endToEnd.lakeObjects(), endToEnd.cpu()));
                table.row("7a", "Kafka ceiling: ProducerPerformance, producer defaults", count(plain.records()),
                        seconds((long) (plain.records() * 1e9 / plain.recordsPerSecond())),
                        rate(plain.recordsPerSecond()), "100 % / -", plainPeak, ceilingNote(plain, recordBytes, kafka));
                table.row("7b", "Kafka ceiling: ProducerPerformance, the route's producer settings", count(ceiling.records()),
                        seconds((long) (ceiling.records() * 1e9 / ceiling.recordsPerSecond())),
                        rate(ceiling.recordsPerSecond()), "- / 100 %", ceilingPeak, ceilingNote(ceiling, recordBytes, kafka));

                // 5: one warehouse refresh + one dbt build over everything the lake now holds
                progress("stage 5: warehouse refresh + dbt build over " + count(KAFKA_EVENTS) + " rows");
                memory.beginStage();
                long start = System.nanoTime();
                RefreshResult refresh = app.bean(WarehouseRefresher.class).refresh();
                long refreshNanos = System.nanoTime() - start;
                start = System.nanoTime();
                DbtRunSummary build = app.bean(DbtRunner.class).build();
                long buildNanos = System.nanoTime() - start;
                table.row("5", "Warehouse refresh + dbt build, once (" + count(KAFKA_EVENTS) + " rows, first build)",
                        count(KAFKA_EVENTS), seconds(refreshNanos + buildNanos),
                        seconds(refreshNanos) + " + " + seconds(buildNanos), "", memory.endStage(),
                        "refresh: " + refresh.newFiles() + " new files; dbt build: " + build.counts()
                                + " (dbt runs as a child process: not in heap/RSS)");
                return new ThroughputRun((long) written.count());
            }
        }
    }

    private static String ratios(double rate, KafkaCeiling.Result plain, KafkaCeiling.Result tuned) {
        return percent(rate / plain.recordsPerSecond()) + " / " + percent(rate / tuned.recordsPerSecond());
    }

    private static String ceilingNote(KafkaCeiling.Result ceiling, int recordBytes, KafkaProperties kafka) {
        return String.format(Locale.ROOT, "Playlog's records as payloads (mean %d B); %s; %d partitions, no keys; %.1f MB/s, "
                + "latency avg %.0f ms p50 %d ms p95 %d ms", recordBytes, ceiling.settings(), kafka.partitions(),
                ceiling.megabytesPerSecond(), ceiling.avgLatencyMs(), ceiling.p50LatencyMs(), ceiling.p95LatencyMs());
    }

    /** Stage 4 on an instance producing wall-clock events at a moderate rate, bronze refreshed every second. */
    private void freshness(MemoryWatch memory) {
        progress("starting Playlog for the freshness stages (simulator at " + FRESHNESS_RATE + " events/s)");
        PlaylogInstance instance = instance("freshness")
                .with("playlog.simulator.rate", FRESHNESS_RATE)
                .with("playlog.warehouse.refresh-cron", "0/1 * * * * ?")
                .with("playlog.dbt.cron", NEVER);
        if (!FRESHNESS_LAKE_MAX_AGE_MS.isBlank()) {
            instance.with("playlog.lake.max-age-ms", FRESHNESS_LAKE_MAX_AGE_MS);
        }
        try (PlaylogInstance app = instance.start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        app.bean(KafkaProperties.class).bootstrapServers()))) {
            app.bean(DbtEnvironment.class).dbt();
            LakeProperties lake = app.bean(LakeProperties.class);
            FreshnessProbe probe = new FreshnessProbe(app.bean(DuckDbWarehouse.class), app.bean(WarehouseLock.class),
                    app.bean(DbtRunner.class), admin, app.bean(KafkaProperties.class).topic());
            probe.awaitFlowing(Duration.ofMillis(lake.maxAgeMs()).plusSeconds(90));

            progress("stage 4a: produced -> bronze for " + BRONZE_WINDOW_S + " s");
            memory.beginStage();
            FreshnessProbe.BronzeResult bronze = probe.bronze(Duration.ofSeconds(BRONZE_WINDOW_S), Duration.ofMillis(250),
                    Duration.ofMillis(lake.maxAgeMs()).plusSeconds(90));
            MemoryWatch.Peak bronzePeak = memory.endStage();
            progress("stage 4b: produced -> gold for " + GOLD_WINDOW_S + " s of back-to-back dbt builds");
            memory.beginStage();
            FreshnessProbe.GoldResult gold = probe.gold(Duration.ofSeconds(GOLD_WINDOW_S), Duration.ofSeconds(300));
            MemoryWatch.Peak goldPeak = memory.endStage();

            String batch = "lake batch closes at " + count(lake.maxRecords()) + " records or " + ms(lake.maxAgeMs());
            table.row("4a", "Freshness: produced -> visible in bronze.listens", count(bronze.bronze().count()),
                    seconds(TimeUnit.MILLISECONDS.toNanos(bronze.elapsedMs())), "p50 " + ms(bronze.bronze().percentile(50))
                            + " / p95 " + ms(bronze.bronze().percentile(95)), "", bronzePeak,
                    "simulator at " + FRESHNESS_RATE + " ev/s (wall clock); " + batch + "; refresh every 1 s; polled every"
                            + " 250 ms; of which produced -> row planned (ingested_at): p50 " + ms(bronze.lake().percentile(50))
                            + " / p95 " + ms(bronze.lake().percentile(95)) + "; max " + ms(bronze.bronze().percentile(100)));
            List<Long> builds = gold.buildMs().stream().sorted().toList();
            table.row("4b", "Freshness: produced -> visible in gold.fct_plays", count(gold.gold().count()),
                    seconds(TimeUnit.MILLISECONDS.toNanos(gold.elapsedMs())), "p50 " + ms(gold.gold().percentile(50)) + " / p95 "
                            + ms(gold.gold().percentile(95)), "", goldPeak,
                    "dbt build back to back (" + builds.size() + " incremental builds, median " + ms(builds.get(builds.size() / 2))
                            + ", max " + ms(builds.get(builds.size() - 1)) + "); plays and skips only; max "
                            + ms(gold.gold().percentile(100)));
            assertThat(bronze.bronze().count()).isPositive();
            assertThat(gold.gold().count()).isPositive();
        }
    }

    private PlaylogInstance instance(String name) {
        PlaylogInstance instance = new PlaylogInstance(data.resolve(name))
                // the table is the output: keep the app's INFO lines off the console
                .with("logging.level.root", "WARN")
                .with("logging.level.dev.playlog", System.getProperty("bench.log.playlog", "WARN"))
                .with("logging.level.org.apache.camel", "WARN")
                .with("logging.level.org.apache.kafka", "ERROR")
                .with("logging.level.kafka", "ERROR")
                // the stages measure the lake path as before; the live leaderboard has no stage of its own yet
                .with("playlog.live.enabled", false);
        if (!DBT_VENV.isBlank()) {
            instance.with("playlog.dbt.venv", Path.of(DBT_VENV).toAbsolutePath());
        }
        return instance;
    }

    /**
     * Wall time from {@code start} until {@code progress} reaches {@code target}, and the sustained rate: from the moment
     * progress passes {@link #WARM_UP_SHARE} of the target to the end, so the JIT's warm-up, the consumer group's join
     * and the first batch are not in it.
     */
    private record Timing(long totalNanos, double steadyRate) {
    }

    private static final double WARM_UP_SHARE = 0.2;

    private interface Action {
        void run() throws Exception;
    }

    private static Timing timeUntil(long target, Action start, LongSupplier progress) throws Exception {
        long[] mark = {0, 0}; // nanoTime and progress when progress first passed the warm-up share
        long begin = System.nanoTime();
        start.run();
        await().atMost(Duration.ofSeconds(Math.max(600, target / 200))).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    long now = System.nanoTime();
                    long done = progress.getAsLong();
                    if (mark[0] == 0 && done >= target * WARM_UP_SHARE) {
                        mark[0] = now;
                        mark[1] = done;
                    }
                    return done >= target;
                });
        long end = System.nanoTime();
        double steady = end > mark[0] && target > mark[1] ? (target - mark[1]) * 1e9 / (end - mark[0])
                : target * 1e9 / (end - begin);
        return new Timing(end - begin, steady);
    }

    /** Number of lake objects and their total size in bytes. */
    private static long[] lakeObjects(PlaylogInstance app) {
        S3Client s3 = app.context().getBean(S3ClientConfiguration.CLIENT_BEAN, S3Client.class);
        List<S3Object> objects = s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                .bucket(app.bean(S3Properties.class).bucket()).prefix(app.bean(LakeProperties.class).listensPrefix()).build())
                .contents().stream().toList();
        return new long[] {objects.size(), objects.stream().mapToLong(S3Object::size).sum()};
    }

    private void preamble(String loadBefore, Instant began) {
        table.preamble("## Playlog pipeline benchmark, " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC).format(began.truncatedTo(ChronoUnit.MINUTES)));
        table.preamble("");
        table.preamble(String.format(Locale.ROOT, "%d cores; load average %s before, %s after; Java %s; embedded Kafka,"
                + " s3proxy, DuckDB and dbt as in `./mvnw spring-boot:run`; sizes: generator %s, Kafka/lake %s events.",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), System.getProperty("java.version"),
                count(GENERATOR_EVENTS), count(KAFKA_EVENTS)));
        table.footnote("Rates are events per second. Peak heap = heap used, sampled every 50 ms; peak RSS = VmHWM, reset at"
                + " each stage's start. Both cover the whole JVM: app, broker, S3 server and benchmark.");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

    private static boolean skipped(String stage) {
        return List.of(System.getProperty("bench.skip", "").split(",")).contains(stage);
    }

    private static long longProperty(String key, long defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : Long.parseLong(value.replace("_", ""));
    }
}
