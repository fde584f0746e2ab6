package dev.playlog.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.dbt.DbtRunSummary;
import dev.playlog.embedded.EmbeddedS3Server;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3Properties;
import dev.playlog.spotify.MutableClock;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publication of gold snapshots against a real DuckDB warehouse file and a real S3-compatible server: what is
 * published, that a reader during publications sees one build or the next, that a failed publication leaves the
 * previous snapshot current, and pruning with a reader in flight. Gold tables are written here directly, standing
 * in for dbt (PipelineEndToEndIT and GoldServingIT publish what the real dbt builds).
 */
class SnapshotPublisherIT {

    private static final String BUCKET = "lakebucket";
    private static final DbtRunSummary OK = new DbtRunSummary(0, 1, Map.of("success", 2), List.of());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private EmbeddedS3Server server;
    private S3Client s3;
    private DuckDbWarehouse warehouse;
    private final WarehouseLock lock = new WarehouseLock();
    private SnapshotStore store;

    @BeforeEach
    void setUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new EmbeddedS3Server(tmp.resolve("s3"), port, "key", "secret-value", BUCKET);
        server.start();
        s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret-value"))).build();
        warehouse = new DuckDbWarehouse(s3, new S3Properties(server.endpoint(), BUCKET, "us-east-1", "key", "secret-value"),
                new LakeProperties("lake", 100, 1000, "g", 1),
                new WarehouseProperties.DuckDb(tmp.resolve("w/playlog.duckdb").toString(), tmp.resolve("w/lake").toString(),
                        WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT));
        warehouse.bootstrap();
        store = new SnapshotStore(tmp.resolve("serving/gold"), MAPPER);
    }

    @AfterEach
    void tearDown() throws Exception {
        s3.close();
        server.close();
    }

    private SnapshotPublisher publisher(int retain, Duration grace, Clock clock) {
        return new SnapshotPublisher(warehouse, lock, s3, BUCKET, "lake", store,
                new ServingProperties(tmp.resolve("serving").toString(), retain, grace, 100, 10_000, 100), MAPPER, clock,
                new SimpleMeterRegistry());
    }

    /** Gold as a build numbered {@code marker} leaves it: every row of both models carries the marker. */
    private void writeGold(int marker) throws SQLException {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS gold");
            st.execute("CREATE OR REPLACE TABLE gold.daily_active_users AS SELECT DATE '2026-11-01' + CAST(i AS INTEGER) AS activity_date, "
                    + marker + "::BIGINT AS active_users FROM range(500) t(i)");
            st.execute("CREATE OR REPLACE TABLE gold.device_usage AS SELECT 'device-' || i AS device_type, " + marker
                    + "::BIGINT AS streams, i * 1000 AS listening_ms, 0.5::DOUBLE AS stream_share FROM range(300) t(i)");
        }
    }

    private static Set<Long> markers(Connection c, String source, String column) throws SQLException {
        Set<Long> markers = new TreeSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT " + column + " FROM " + source)) {
            while (rs.next()) {
                markers.add(rs.getLong(1));
            }
        }
        return markers;
    }

    private static String parquet(Path file) {
        return DuckDbSnapshotReader.source(file);
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).prefix(prefix).build()).contents()
                .stream().map(S3Object::key).sorted().toList();
    }

    private SnapshotManifest bucketManifest() throws Exception {
        return MAPPER.readValue(s3.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key("lake/gold/_current.json").build())
                .asByteArray(), SnapshotManifest.class);
    }

    @Test
    void publishesEveryGoldTableAsParquetLocallyAndInTheBucketWithTheManifest() throws Exception {
        writeGold(7);
        String build = publisher(3, Duration.ZERO, Clock.systemUTC()).publish(OK);

        Snapshot current = store.current();
        assertThat(current.buildId()).isEqualTo(build);
        assertThat(current.files()).containsOnlyKeys("daily_active_users", "device_usage");
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            for (String model : current.files().keySet()) {
                String source = parquet(current.files().get(model));
                for (String sql : List.of("SELECT count(*) FROM (SELECT * FROM gold." + model + " EXCEPT ALL SELECT * FROM " + source + ")",
                        "SELECT count(*) FROM (SELECT * FROM " + source + " EXCEPT ALL SELECT * FROM gold." + model + ")")) {
                    try (ResultSet rs = st.executeQuery(sql)) {
                        rs.next();
                        assertThat(rs.getLong(1)).as(sql).isZero();
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM gold." + model)) {
                    rs.next();
                    assertThat(current.rows().get(model)).isEqualTo(rs.getLong(1));
                }
            }
        }
        assertThat(keys("lake/gold/")).containsExactly("lake/gold/_current.json",
                "lake/gold/build=" + build + "/_manifest.json", "lake/gold/build=" + build + "/daily_active_users.parquet",
                "lake/gold/build=" + build + "/device_usage.parquet");
        assertThat(bucketManifest().buildId()).isEqualTo(build);
        assertThat(bucketManifest().models()).containsOnlyKeys("daily_active_users", "device_usage");
        // the by-hand session script: an in-memory DuckDB sees the snapshot through views
        try (Connection session = DriverManager.getConnection("jdbc:duckdb:"); Statement st = session.createStatement()) {
            st.execute(Files.readString(store.root().resolve(SnapshotStore.CURRENT_SQL)));
            assertThat(markers(session, "daily_active_users", "active_users")).containsExactly(7L);
            try (ResultSet rs = st.executeQuery("SELECT build_id FROM playlog_snapshot")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(build);
            }
        }
        // a restarted app finds the current snapshot again
        assertThat(new SnapshotStore(store.root(), MAPPER).current().buildId()).isEqualTo(build);
    }

    @Test
    void aSumStaysAnIntegerInTheSnapshot() throws Exception {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA gold");
            // DuckDB's sum of integers is a 128-bit integer, which Parquet lacks
            st.execute("CREATE TABLE gold.top_artists AS SELECT 'a1' AS artist_id, sum(i) AS plays, 1 AS artist_rank FROM range(10) t(i)");
        }
        publisher(3, Duration.ZERO, Clock.systemUTC()).publish(OK);
        GoldPage page = new DuckDbSnapshotReader(store, new ServingProperties(tmp.toString(), 3, Duration.ZERO, 10, 10, 10))
                .read("top_artists", Map.of());
        assertThat(page.rows()).singleElement().satisfies(row -> assertThat(row.get(page.columns().indexOf("plays")))
                .isEqualTo(java.math.BigInteger.valueOf(45)));
    }

    @Test
    void aReaderDuringPublicationsSeesOneBuildOrTheNextNeverAMix() throws Exception {
        SnapshotPublisher publisher = publisher(2, Duration.ofMinutes(10), Clock.systemUTC());
        writeGold(0);
        publisher.publish(OK);
        DuckDbSnapshotReader reader = new DuckDbSnapshotReader(store,
                new ServingProperties(tmp.resolve("serving").toString(), 2, Duration.ofMinutes(10), 1000, 10_000, 0));
        AtomicBoolean done = new AtomicBoolean();
        List<String> problems = new CopyOnWriteArrayList<>();
        Map<String, Long> markerOfBuild = new ConcurrentHashMap<>();
        AtomicInteger reads = new AtomicInteger();
        Runnable localReader = () -> {
            while (!done.get()) {
                try (SnapshotStore.Lease lease = store.lease(); Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                    Snapshot s = lease.snapshot();
                    Set<Long> all = new TreeSet<>(markers(c, parquet(s.files().get("daily_active_users")), "active_users"));
                    all.addAll(markers(c, parquet(s.files().get("device_usage")), "streams"));
                    if (all.size() != 1) {
                        problems.add("local build " + s.buildId() + " mixes markers " + all);
                    } else if (!all.iterator().next().equals(markerOfBuild.computeIfAbsent(s.buildId(), b -> all.iterator().next()))) {
                        problems.add("local build " + s.buildId() + " changed its content");
                    }
                    GoldPage page = reader.read("device_usage", Map.of("limit", List.of("1000")));
                    if (page.rows().stream().map(r -> ((Number) r.get(1)).longValue()).distinct().count() != 1) {
                        problems.add("API page of build " + page.buildId() + " mixes markers");
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    problems.add("local read failed: " + e);
                }
            }
        };
        Runnable bucketReader = () -> {
            while (!done.get()) {
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                    SnapshotManifest m = bucketManifest();
                    Set<Long> all = new TreeSet<>();
                    for (String model : List.of("daily_active_users", "device_usage")) {
                        Path file = Files.createTempFile(tmp, "bucket-", ".parquet");
                        Files.delete(file);
                        s3.getObject(GetObjectRequest.builder().bucket(BUCKET).key("lake/gold/build=" + m.buildId() + "/"
                                + m.models().get(model).file()).build(), ResponseTransformer.toFile(file));
                        all.addAll(markers(c, parquet(file), model.equals("device_usage") ? "streams" : "active_users"));
                        Files.delete(file);
                    }
                    if (all.size() != 1) {
                        problems.add("bucket build " + m.buildId() + " mixes markers " + all);
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    problems.add("bucket read failed: " + e);
                }
            }
        };
        Thread a = new Thread(localReader, "local-reader");
        Thread b = new Thread(bucketReader, "bucket-reader");
        a.start();
        b.start();
        try {
            for (int marker = 1; marker <= 8; marker++) {
                writeGold(marker);
                publisher.publish(OK);
            }
            int seen = reads.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() > seen + 4);
        } finally {
            done.set(true);
            a.join(30_000);
            b.join(30_000);
        }
        assertThat(problems).isEmpty();
        assertThat(markerOfBuild.size()).as("builds the local reader saw").isGreaterThan(1);
        assertThat(markers(DriverManager.getConnection("jdbc:duckdb:"),
                parquet(store.current().files().get("device_usage")), "streams")).containsExactly(8L);
    }

    @Test
    void aFailedPublicationLeavesThePreviousSnapshotCurrent() throws Exception {
        SnapshotPublisher publisher = publisher(3, Duration.ZERO, Clock.systemUTC());
        writeGold(1);
        String first = publisher.publish(OK);
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA gold CASCADE");
        }
        assertThatThrownBy(() -> publisher.publish(OK)).hasMessageContaining("no gold tables");
        assertThat(store.current().buildId()).isEqualTo(first);
        assertThat(bucketManifest().buildId()).isEqualTo(first);
        assertThat(store.builds()).containsExactly(first);
        assertThat(Files.list(store.root()).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging"));
    }

    @Test
    void pruningKeepsASnapshotAReaderIsOnAndPrunesItOnceTheReaderIsDoneAndTheGraceHasPassed() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
        SnapshotPublisher publisher = publisher(1, Duration.ofMinutes(5), clock);
        writeGold(1);
        String first = publisher.publish(OK);
        SnapshotStore.Lease inFlight = store.lease();
        List<String> builds = new ArrayList<>(List.of(first));
        for (int marker = 2; marker <= 3; marker++) {
            clock.advance(Duration.ofMinutes(1));
            writeGold(marker);
            builds.add(publisher.publish(OK));
        }
        clock.advance(Duration.ofMinutes(10));
        publisher.prune();
        // the second build is past its grace and nobody reads it; the first is still being read
        assertThat(store.builds()).containsExactly(first, builds.get(2));
        assertThat(keys("lake/gold/build=")).allMatch(k -> !k.contains(builds.get(1)))
                .anyMatch(k -> k.contains(first)).anyMatch(k -> k.contains(builds.get(2)));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            assertThat(markers(c, parquet(inFlight.snapshot().files().get("device_usage")), "streams")).containsExactly(1L);
        }
        inFlight.close();
        publisher.prune();
        assertThat(store.builds()).containsExactly(builds.get(2));
        assertThat(keys("lake/gold/build=")).allMatch(k -> k.contains(builds.get(2)));
        assertThat(store.current().buildId()).isEqualTo(builds.get(2));
    }

    @Test
    void aSupersededSnapshotStaysForTheGracePeriod() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
        SnapshotPublisher publisher = publisher(1, Duration.ofMinutes(5), clock);
        writeGold(1);
        String first = publisher.publish(OK);
        clock.advance(Duration.ofMinutes(1));
        writeGold(2);
        String second = publisher.publish(OK);
        assertThat(store.builds()).containsExactly(first, second);
        clock.advance(Duration.ofMinutes(4));
        publisher.prune();
        assertThat(store.builds()).containsExactly(first, second);
        clock.advance(Duration.ofMinutes(2));
        publisher.prune();
        assertThat(store.builds()).containsExactly(second);
    }
}
