package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.PlaylogApplication;
import dev.playlog.event.ListenEvent;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.testing.ChildJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the whole app (a child JVM) with SIGKILL during ingest: once while dbt builds and an upload is in flight,
 * then {@code -Dplaylog.crash.extra-kills=N} more times at a random moment (0 in the CI run). After the last
 * start, without any hand repair: no gap and no overlap of Kafka offsets in the lake, every event exactly once in
 * silver, and refresh and dbt succeed again. The dbt killed with its JVM must not survive it.
 */
class PipelineCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineCrashIT.class);
    private static final int N = 4_000;
    private static final int RATE = 250;
    private static final long SEED = 11L;
    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private final int httpPort = freePort();
    private final List<String> args = List.of(
            "--playlog.data-dir=" + "%DATA%",
            "--playlog.routes-dir=" + Path.of("routes").toAbsolutePath(),
            "--playlog.dbt.venv=" + Path.of(".venv").toAbsolutePath(),
            "--playlog.embedded.kafka.port=" + freePort(),
            "--playlog.embedded.kafka.controller-port=" + freePort(),
            "--playlog.embedded.s3.port=" + freePort(),
            "--server.port=" + httpPort,
            "--playlog.simulator.seed=" + SEED,
            "--playlog.simulator.users=80",
            "--playlog.simulator.tracks=500",
            "--playlog.simulator.rate=" + RATE,
            "--playlog.simulator.max-events=" + N,
            "--playlog.simulator.start-time=" + START,
            "--playlog.lake.max-records=600",
            "--playlog.lake.max-age-ms=700",
            "--playlog.warehouse.refresh-cron=0/2 * * * * ?",
            "--playlog.dbt.cron=0/10 * * * * ?",
            "--playlog.dbt.exclude=test_type:unit");

    @Test
    void killsDuringUploadAndDbtBuildLoseNothingAndRecoverWithoutAHand() throws Exception {
        Path log = data.resolve("app.log");
        Path staging = data.resolve("s3-staging");
        int extraKills = Integer.getInteger("playlog.crash.extra-kills", 0);

        // 1. SIGKILL while dbt builds and, at the same moment, an upload body is being received by the S3 server
        //    (one kill for both keeps the CI run to two starts of the app); the dbt must die with the JVM
        try (ChildJvm app = start(log)) {
            DbtWatch dbt = new DbtWatch(app);
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(1))
                    .until(() -> dbt.running() && hasFile(staging));
            app.kill();
            LOG.info("Crash test: killed PID {} while dbt (PID {}) was building and an upload was in flight (staged "
                    + "after the kill: {})", app.pid(), dbt.process.pid(), hasFile(staging));
            await().atMost(Duration.ofSeconds(10)).until(() -> !dbt.process.isAlive());
        }

        // 2. more kills at random moments (the long run)
        for (int i = 0; i < extraKills; i++) {
            try (ChildJvm app = start(log)) {
                long afterMs = 2_000 + (long) (Math.random() * 25_000);
                await().pollDelay(Duration.ofMillis(afterMs)).atMost(Duration.ofMillis(afterMs + 1_000)).until(() -> true);
                app.kill();
                LOG.info("Crash test: extra kill {} of PID {} after {} ms", i + 1, app.pid(), afterMs);
            }
        }

        // last start: everything must come right by itself
        try (ChildJvm app = start(log)) {
            Path lake = data.resolve("s3").resolve("playlog").resolve("lake");
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> lakeRows(lake).stream().map(LakeRow::eventId).distinct().count() == N);
            long mark = Files.size(log);
            // a refresh and then a dbt build that both started after the lake was complete
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> refreshThenDbtSucceededAfter(log, mark));
            String health = get("/actuator/health");
            assertThat(health).contains("\"status\":\"UP\"");
            app.kill();
        }

        List<LakeRow> rows = lakeRows(data.resolve("s3").resolve("playlog").resolve("lake"));
        Map<Integer, List<Long>> offsets = new TreeMap<>();
        for (LakeRow row : rows) {
            offsets.computeIfAbsent(row.partition(), p -> new ArrayList<>()).add(row.offset());
        }
        for (Map.Entry<Integer, List<Long>> partition : offsets.entrySet()) {
            List<Long> sorted = partition.getValue().stream().sorted().toList();
            assertThat(new HashSet<>(sorted)).as("partition %d: no offset in two lake objects", partition.getKey())
                    .hasSameSizeAs(sorted);
            assertThat(sorted.get(sorted.size() - 1) - sorted.get(0) + 1).as("partition %d: no gap", partition.getKey())
                    .isEqualTo(sorted.size());
            assertThat(sorted.get(0)).isZero();
        }
        Set<String> expected = expectedEventIds();
        assertThat(rows.stream().map(LakeRow::eventId).collect(java.util.stream.Collectors.toSet())).isEqualTo(expected);

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse/playlog.duckdb"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM silver.listen_events")) {
            rs.next();
            assertThat(rs.getLong(1)).as("silver rows").isEqualTo(N);
            assertThat(rs.getLong(2)).as("distinct events in silver").isEqualTo(N);
        }
    }

    private ChildJvm start(Path log) {
        List<String> resolved = args.stream().map(a -> a.replace("%DATA%", data.toString())).toList();
        ChildJvm app = ChildJvm.start(PlaylogApplication.class, List.of("-Xmx1g", "-XX:+UseParallelGC", "-XX:NewRatio=1",
                "-Daws.requestChecksumCalculation=WHEN_REQUIRED", "-Daws.responseChecksumValidation=WHEN_REQUIRED"),
                resolved, log);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("the app exited: see " + log, () -> !app.isAlive())
                .until(() -> get("/actuator/health").contains("\"status\""));
        return app;
    }

    /** The app's running {@code dbt build} child, looked up at most every 50 ms (walking /proc is not free). */
    private static final class DbtWatch {
        private final ChildJvm app;
        private ProcessHandle process;
        private long lookedUpAt;

        DbtWatch(ChildJvm app) {
            this.app = app;
        }

        boolean running() {
            if ((process == null || !process.isAlive()) && System.nanoTime() - lookedUpAt > 50_000_000L) {
                lookedUpAt = System.nanoTime();
                process = app.descendants().stream().filter(p -> p.info().arguments()
                        .map(a -> List.of(a).contains("build") && String.join(" ", a).contains("--project-dir"))
                        .orElse(false)).findFirst().orElse(null);
            }
            return process != null && process.isAlive();
        }
    }

    private static boolean refreshThenDbtSucceededAfter(Path log, long mark) throws IOException {
        String text = Files.readString(log).substring((int) mark);
        int refresh = text.indexOf("Warehouse refresh: ");
        return refresh >= 0 && text.indexOf("dbt build starting", refresh) >= 0
                && text.indexOf("dbt build: exit 0", text.indexOf("dbt build starting", refresh)) >= 0;
    }

    record LakeRow(String eventId, int partition, long offset) {
    }

    private static List<LakeRow> lakeRows(Path lake) throws Exception {
        List<LakeRow> rows = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(lake)) {
            // the listens objects only: the bucket also holds published gold snapshots (lake/gold/build=...)
            files = walk.filter(f -> f.toString().endsWith(".parquet") && f.toString().contains("/listens/")).toList();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (Path file : files) {
                try (ResultSet rs = st.executeQuery("SELECT event_id, kafka_partition, kafka_offset FROM read_parquet('"
                        + file.toString().replace("'", "''") + "')")) {
                    while (rs.next()) {
                        rows.add(new LakeRow(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                    }
                }
            }
        }
        return rows;
    }

    private static boolean hasFile(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isPresent();
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Set<String> expectedEventIds() {
        BehaviouralGenerator generator = new BehaviouralGenerator(SEED, 80, 500);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < N; i++) {
            ListenEvent e = generator.next(Simulator.simulatedTime(START, RATE, i));
            ids.add(e.eventId());
        }
        return ids;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
