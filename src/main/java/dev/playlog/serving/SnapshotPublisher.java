package dev.playlog.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.dbt.DbtRunSummary;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publishes every table of the DuckDB warehouse's gold schema as an immutable snapshot. Under the warehouse lock
 * (so no dbt build or refresh holds the file) it exports each table with {@code COPY ... TO} Parquet into a staging
 * folder, then, without the lock, uploads the files to {@code <lake prefix>/gold/build=<id>/} in the bucket with the
 * build's manifest, renames the staging folder into the local serving folder and switches {@code current.json}
 * there, and writes {@code <lake prefix>/gold/_current.json} last: the bucket's atomic switch. Old snapshots are
 * pruned by count once their grace period has passed, locally and in the bucket.
 */
public class SnapshotPublisher implements GoldPublisher {

    static final String GOLD_SCHEMA = "gold";
    static final String CURRENT_KEY = "_current.json";
    static final String MANIFEST_FILE = "_manifest.json";
    private static final Pattern MODEL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final DuckDbWarehouse warehouse;
    private final WarehouseLock lock;
    private final S3Client s3;
    private final String bucket;
    private final String goldPrefix;
    private final SnapshotStore store;
    private final ServingProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Timer timer;

    public SnapshotPublisher(DuckDbWarehouse warehouse, WarehouseLock lock, S3Client s3, String bucket, String lakePrefix,
            SnapshotStore store, ServingProperties properties, ObjectMapper mapper, Clock clock, MeterRegistry registry) {
        this.warehouse = warehouse;
        this.lock = lock;
        this.s3 = s3;
        this.bucket = bucket;
        this.goldPrefix = lakePrefix + "/gold/";
        this.store = store;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
        this.timer = Timer.builder("playlog.serving.publish").description("Wall time of gold snapshot publications")
                .register(registry);
    }

    /** Key prefix of the snapshots in the bucket, e.g. {@code lake/gold/}. */
    public String goldPrefix() {
        return goldPrefix;
    }

    @Override
    public String publish(DbtRunSummary build) {
        long start = System.nanoTime();
        Instant asOf = clock.instant();
        String buildId = nextId(asOf);
        Path staging = store.root().resolve(".staging-" + buildId);
        try {
            Files.createDirectories(staging);
            Map<String, Long> rows = lock.withLock("gold publish", () -> export(staging));
            Map<String, SnapshotManifest.ModelFile> models = new LinkedHashMap<>();
            rows.forEach((model, count) -> models.put(model, new SnapshotManifest.ModelFile(model + ".parquet", count)));
            SnapshotManifest manifest = new SnapshotManifest(buildId, asOf.toString(), models);
            String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
            String buildPrefix = goldPrefix + SnapshotStore.BUILD_PREFIX + buildId + "/";
            for (String model : models.keySet()) {
                Path file = staging.resolve(model + ".parquet");
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key(buildPrefix + model + ".parquet").build(),
                        RequestBody.fromFile(file));
            }
            Files.writeString(staging.resolve(MANIFEST_FILE), json);
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(buildPrefix + MANIFEST_FILE).build(),
                    RequestBody.fromString(json));
            store.install(staging, manifest);
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(goldPrefix + CURRENT_KEY)
                    .contentType("application/json").build(), RequestBody.fromString(json));
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            timer.record(elapsed, TimeUnit.MILLISECONDS);
            LOG.info("Gold published: build {}, {} models, {} rows, in {} ms", buildId, models.size(),
                    rows.values().stream().mapToLong(Long::longValue).sum(), elapsed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot publish gold build " + buildId, e);
        } finally {
            SnapshotStore.deleteTree(staging);
        }
        prune();
        return buildId;
    }

    /** Deletes snapshots beyond {@code playlog.serving.retain-builds} whose grace has passed, here and in the bucket. */
    public List<String> prune() {
        Instant now = clock.instant();
        List<String> local = store.prune(properties.retainBuilds(), properties.grace(), now);
        Map<String, List<String>> keysByBuild = new TreeMap<>();
        ListObjectsV2Request list = ListObjectsV2Request.builder().bucket(bucket).prefix(goldPrefix + SnapshotStore.BUILD_PREFIX).build();
        for (S3Object object : s3.listObjectsV2Paginator(list).contents()) {
            String rest = object.key().substring(goldPrefix.length() + SnapshotStore.BUILD_PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && BuildIds.FORMAT.matcher(rest.substring(0, slash)).matches()) {
                keysByBuild.computeIfAbsent(rest.substring(0, slash), b -> new ArrayList<>()).add(object.key());
            }
        }
        java.util.Set<String> pinned = new java.util.HashSet<>(store.leased());
        Snapshot current = store.current();
        if (current != null) {
            pinned.add(current.buildId());
        }
        List<String> remote = BuildIds.expired(new ArrayList<>(keysByBuild.keySet()), properties.retainBuilds(),
                properties.grace(), now, pinned);
        for (String build : remote) {
            // one DeleteObject per key: multi-object delete needs a checksum header that S3-compatible servers reject
            for (String key : keysByBuild.get(build)) {
                s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
            }
        }
        if (!local.isEmpty() || !remote.isEmpty()) {
            LOG.info("Gold snapshots pruned: local {}, bucket {}", local, remote);
        }
        return remote;
    }

    private String nextId(Instant asOf) {
        String id = BuildIds.of(asOf);
        Snapshot current = store.current();
        if (current != null && id.compareTo(current.buildId()) <= 0) {
            // a clock that stepped back, or two builds within a millisecond: keep ids increasing
            id = BuildIds.of(BuildIds.time(current.buildId()).plusMillis(1));
        }
        return id;
    }

    /**
     * The table's columns, with 128-bit integers (what DuckDB's {@code sum} of integers gives) as DECIMAL(38,0):
     * Parquet has no 128-bit integer and DuckDB would write them as DOUBLE, so a count would come back as 7.0.
     */
    static String selectList(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, GOLD_SCHEMA);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = "\"" + rs.getString(1).replace("\"", "\"\"") + "\"";
                    String type = rs.getString(2);
                    columns.add(type.equals("HUGEINT") || type.equals("UHUGEINT")
                            ? "CAST(" + column + " AS DECIMAL(38,0)) AS " + column : column);
                }
            }
        }
        return String.join(", ", columns);
    }

    private Map<String, Long> export(Path staging) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + GOLD_SCHEMA + "' ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                if (!MODEL_NAME.matcher(table).matches()) {
                    LOG.warn("Gold publish: skipping {}.{}: not a plain lowercase model name", GOLD_SCHEMA, table);
                    continue;
                }
                Path file = staging.resolve(table + ".parquet");
                st.execute("COPY (SELECT " + selectList(c, table) + " FROM " + GOLD_SCHEMA + "." + table + ") TO '"
                        + file.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + GOLD_SCHEMA + "." + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot export gold from " + warehouse.databaseFile() + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("The warehouse has no gold tables to publish");
        }
        return rows;
    }
}
