package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.playlog.embedded.EmbeddedS3Server;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.ParquetEncoder;
import dev.playlog.lake.S3Properties;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.spotify.LogCapture;
import dev.playlog.testing.ChildJvm;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The embedded warehouse's refresh against a real S3-compatible server and a real DuckDB file. */
class DuckDbWarehouseIT {

    @TempDir
    Path tmp;

    private EmbeddedS3Server server;
    private S3Client s3;
    private DuckDbWarehouse warehouse;
    private ParquetEncoder encoder;
    private final ListenEventCodec codec = new ListenEventCodec();

    @BeforeEach
    void setUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new EmbeddedS3Server(tmp.resolve("s3"), port, "key", "secret-value", "lakebucket");
        server.start();
        s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret-value"))).build();
        warehouse = new DuckDbWarehouse(s3, s3Properties(), lake(), duckDb());
        encoder = new ParquetEncoder(tmp.resolve("work"));
    }

    @AfterEach
    void tearDown() throws Exception {
        encoder.close();
        s3.close();
        server.close();
    }

    private byte[] parquet(int rows, long seed) {
        BehaviouralGenerator g = new BehaviouralGenerator(seed, 10, 50);
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            String event = codec.encode(g.next(Simulator.simulatedTime(Instant.parse("2026-11-21T05:00:00Z"), 10, i)));
            ndjson.append(event.replace("Z\",\"source\"", "\",\"source\"").replace("}", ",\"kafka_topic\":\"listens\",\"kafka_partition\":0,\"kafka_offset\":" + i
                    + ",\"ingested_at\":\"2026-11-21T05:00:01.000\"}")).append('\n');
        }
        byte[] bytes = ndjson.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return encoder.encode(bytes, bytes.length);
    }

    private void put(String key, byte[] content) {
        s3.putObject(PutObjectRequest.builder().bucket("lakebucket").key(key).build(), RequestBody.fromBytes(content));
    }

    private long bronzeRows() throws Exception {
        try (Connection c = warehouse.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT \"hour\") FROM bronze.listens")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void registersNewChangedAndRemovedObjectsLikeAnExternalTableRefresh() throws Exception {
        warehouse.bootstrap();
        assertThat(bronzeRows()).isZero();
        assertThat(warehouse.refresh().totalFiles()).isZero();

        put("lake/listens/date=2026-11-21/hour=05/listens+0+0.parquet", parquet(30, 1));
        put("lake/listens/date=2026-11-21/hour=06/listens+1+0.parquet", parquet(20, 2));
        put("lake/other/ignored.parquet", parquet(5, 3));
        RefreshResult first = warehouse.refresh();
        assertThat(first).extracting(RefreshResult::newFiles, RefreshResult::updatedFiles, RefreshResult::removedFiles,
                RefreshResult::failedFiles, RefreshResult::totalFiles).containsExactly(2, 0, 0, 0, 2);
        assertThat(bronzeRows()).isEqualTo(50);

        assertThat(warehouse.refresh().changed()).isFalse();

        put("lake/listens/date=2026-11-21/hour=05/listens+0+0.parquet", parquet(12, 4)); // a retried batch overwrites
        s3.deleteObject(DeleteObjectRequest.builder().bucket("lakebucket").key("lake/listens/date=2026-11-21/hour=06/listens+1+0.parquet").build());
        RefreshResult second = warehouse.refresh();
        assertThat(second).extracting(RefreshResult::newFiles, RefreshResult::updatedFiles, RefreshResult::removedFiles,
                RefreshResult::totalFiles).containsExactly(0, 1, 1, 1);
        assertThat(bronzeRows()).isEqualTo(12);
        assertThat(second.toString()).isEqualTo("0 new, 1 updated, 1 removed, 0 failed files (1 registered) in " + second.durationMs() + " ms");
    }

    @Test
    void keepsARegisteredFileThatOneListingMissed() throws Exception {
        String key = "lake/listens/date=2026-11-21/hour=05/listens+0+0.parquet";
        put(key, parquet(30, 1));
        warehouse.bootstrap();
        assertThat(warehouse.refresh().newFiles()).isEqualTo(1);

        // the server's listing comes back without the object once, as s3proxy's did while it wrote another one
        DuckDbWarehouse misled = new DuckDbWarehouse(ShortListingS3Client.dropping(s3, key), s3Properties(), lake(), duckDb());
        RefreshResult missed = misled.refresh();
        assertThat(missed.removedFiles()).isZero();
        assertThat(missed.totalFiles()).isEqualTo(1);
        assertThat(bronzeRows()).isEqualTo(30);

        s3.deleteObject(DeleteObjectRequest.builder().bucket("lakebucket").key(key).build());
        assertThat(misled.refresh().removedFiles()).as("really gone: HEAD answers 404").isEqualTo(1);
        assertThat(bronzeRows()).isZero();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRefreshThatFailedOnTheLockCountsItsFilesWhenRetried() throws Exception {
        warehouse.bootstrap();
        put("lake/listens/date=2026-11-21/hour=05/listens+0+0.parquet", parquet(10, 1));
        put("lake/listens/date=2026-11-21/hour=06/listens+1+0.parquet", parquet(10, 2));
        try (ChildJvm holder = holdLock()) {
            assertThatThrownBy(warehouse::refresh).hasStackTraceContaining("Conflicting lock is held");
        }
        RefreshResult retried = warehouse.refresh();
        assertThat(retried.newFiles()).isEqualTo(2);
        assertThat(retried.totalFiles()).isEqualTo(2);
        assertThat(bronzeRows()).isEqualTo(20);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void bootstrapWaitsForTheProcessHoldingTheFileAndNamesItOnce() throws Exception {
        warehouse.bootstrap();
        try (LogCapture log = LogCapture.open(); ChildJvm holder = holdLock()) {
            CompletableFuture<Void> start = CompletableFuture.runAsync(warehouse::bootstrap);
            String line = "Warehouse " + tmp.resolve("w/playlog.duckdb").toAbsolutePath() + " is locked by PID " + holder.pid();
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains(line));
            assertThat(start).isNotDone();
            holder.kill();
            start.get(60, TimeUnit.SECONDS);
            assertThat(log.text().split(java.util.regex.Pattern.quote(line), -1)).hasSize(2); // logged exactly once
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void bootstrapGivesUpAfterTheLockWaitNamingTheHolder() throws Exception {
        warehouse.bootstrap();
        DuckDbWarehouse impatient = new DuckDbWarehouse(s3, s3Properties(), lake(),
                new WarehouseProperties.DuckDb(duckDb().path(), duckDb().mirrorDir(), Duration.ofSeconds(2)));
        try (ChildJvm holder = holdLock()) {
            assertThatThrownBy(impatient::bootstrap).hasMessageContaining("is still locked by PID " + holder.pid())
                    .hasMessageContaining("playlog.warehouse.duckdb.lock-wait");
        }
    }

    private ChildJvm holdLock() {
        ChildJvm holder = ChildJvm.start(DuckDbLockHolderMain.class, List.of("-Xmx128m"),
                List.of(tmp.resolve("w/playlog.duckdb").toAbsolutePath().toString()), tmp.resolve("holder.log"));
        await().atMost(Duration.ofSeconds(60)).failFast("the lock holder exited: " + tmp.resolve("holder.log"),
                () -> !holder.isAlive()).until(() -> holder.output().contains(DuckDbLockHolderMain.LOCKED));
        return holder;
    }

    private S3Properties s3Properties() {
        return new S3Properties(server.endpoint(), "lakebucket", "us-east-1", "key", "secret-value");
    }

    private static LakeProperties lake() {
        return new LakeProperties("lake", 100, 1000, "g", 1);
    }

    private WarehouseProperties.DuckDb duckDb() {
        return new WarehouseProperties.DuckDb(tmp.resolve("w/playlog.duckdb").toString(), tmp.resolve("w/lake").toString(),
                WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT);
    }

    @Test
    void bronzeHasTypedHivePartitionColumns() throws Exception {
        put("lake/listens/date=2026-11-21/hour=05/listens+0+0.parquet", parquet(3, 1));
        warehouse.bootstrap();
        warehouse.refresh();
        try (Connection c = warehouse.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT \"date\", \"hour\", typeof(\"hour\"), typeof(played_at), typeof(kafka_offset) FROM bronze.listens LIMIT 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("2026-11-21");
            assertThat(rs.getString(2)).isEqualTo("05");
            assertThat(rs.getString(3)).isEqualTo("VARCHAR");
            assertThat(rs.getString(4)).isEqualTo("TIMESTAMP");
            assertThat(rs.getString(5)).isEqualTo("BIGINT");
        }
    }
}
