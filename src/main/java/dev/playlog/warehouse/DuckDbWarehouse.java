package dev.playlog.warehouse;

import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.LakeSchema;
import dev.playlog.lake.S3Properties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedded warehouse: a DuckDB file whose {@code bronze.listens} view is the "external table" over the lake.
 * DuckDB here cannot read S3 (no httpfs), so a refresh does what Snowflake's {@code ALTER EXTERNAL TABLE REFRESH}
 * does with its file registry: it lists the lake, copies new and changed objects into a local mirror, removes the
 * ones gone from the lake (confirmed with a HEAD: a listing alone may miss an object), and reports the counts. The
 * view reads the mirror with hive partitioning.
 * Connections are opened per call and closed at once: dbt needs the file to itself while it builds.
 */
public class DuckDbWarehouse implements WarehouseDialect {

    public static final String BRONZE_SCHEMA = "bronze";
    public static final String BRONZE_TABLE = "listens";
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouse.class);
    private static final String INDEX_FILE = ".registered.properties";

    private final S3Client s3;
    private final S3Properties s3Properties;
    private final LakeProperties lake;
    private final Path databaseFile;
    private final Path mirror;
    private final Duration lockWait;

    public DuckDbWarehouse(S3Client s3, S3Properties s3Properties, LakeProperties lake, WarehouseProperties.DuckDb duckdb) {
        this.s3 = s3;
        this.s3Properties = s3Properties;
        this.lake = lake;
        this.databaseFile = Path.of(duckdb.path()).toAbsolutePath();
        this.mirror = Path.of(duckdb.mirrorDir()).toAbsolutePath();
        this.lockWait = duckdb.lockWait();
    }

    public Path databaseFile() {
        return databaseFile;
    }

    @Override
    public void bootstrap() {
        try {
            Files.createDirectories(databaseFile.getParent());
            Files.createDirectories(mirror);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the warehouse folders under " + databaseFile.getParent(), e);
        }
        boolean hasFiles = countMirrored() > 0;
        waitingForLock(() -> createBronzeView(hasFiles));
        LOG.info("DuckDB warehouse ready at {} (bronze view over {})", databaseFile, mirror);
    }

    /**
     * Runs the work; while another process holds the DuckDB file (a dbt or a DuckDB session that outlived the app),
     * logs one line naming that process and waits for it to exit, up to {@code playlog.warehouse.duckdb.lock-wait}.
     */
    private void waitingForLock(Runnable work) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        long loggedPid = -1;
        while (true) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                DuckDbLockHolder holder = DuckDbLockHolder.of(e).orElseThrow(() -> e);
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new IllegalStateException("The warehouse " + databaseFile + " is still locked by " + holder
                            + " after waiting " + lockWait + " (playlog.warehouse.duckdb.lock-wait): stop that process", e);
                }
                if (holder.pid() != loggedPid) {
                    LOG.warn("Warehouse {} is locked by {}; waiting up to {} for it to exit (playlog.warehouse.duckdb.lock-wait)",
                            databaseFile, holder, lockWait);
                    loggedPid = holder.pid();
                }
                holder.awaitExit(Duration.ofNanos(Math.min(remaining, Duration.ofSeconds(1).toNanos())));
            }
        }
    }

    @Override
    public RefreshResult refresh() {
        long start = System.nanoTime();
        Map<String, String> registered = loadIndex();
        Map<String, S3Object> listed = listLake();
        int added = 0;
        int updated = 0;
        int removed = 0;
        List<String> failures = new ArrayList<>();
        for (S3Object object : listed.values()) {
            String previous = registered.get(object.key());
            if (object.eTag().equals(previous)) {
                continue;
            }
            try {
                download(object.key());
                registered.put(object.key(), object.eTag());
                if (previous == null) {
                    added++;
                } else {
                    updated++;
                }
            } catch (RuntimeException e) {
                failures.add(object.key() + ": " + e.getMessage());
            }
        }
        for (String key : new ArrayList<>(registered.keySet())) {
            if (!listed.containsKey(key)) {
                if (stillInLake(key)) {
                    // a listing can miss an object (an S3-compatible server listing while it writes): never drop a
                    // registered file on a listing's word alone
                    LOG.warn("Warehouse refresh: the lake listing missed {}, which HEAD still finds; kept registered", key);
                    continue;
                }
                try {
                    Files.deleteIfExists(local(key));
                    registered.remove(key);
                    removed++;
                } catch (IOException e) {
                    failures.add(key + ": cannot remove local copy: " + e.getMessage());
                }
            }
        }
        if (added + updated + removed > 0 || !bronzeReadsFiles) {
            createBronzeView(!registered.isEmpty());
        }
        // the index is the commit point: saved only after the view, so a refresh that fails before (the DuckDB file
        // locked by dbt) is redone in full by the retry and counts its files then, not "0 new"
        saveIndex(registered);
        return new RefreshResult(added, updated, removed, failures.size(), registered.size(),
                (System.nanoTime() - start) / 1_000_000, failures);
    }

    @Override
    public void ping() {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB at " + databaseFile + " does not answer: " + e.getMessage(), e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + databaseFile);
    }

    private volatile boolean bronzeReadsFiles;

    private void createBronzeView(boolean hasFiles) {
        String columns = String.join(", ", LakeSchema.COLUMNS.keySet());
        String select;
        if (hasFiles) {
            String glob = mirror.resolve(lake.listensPrefix()).resolve("**").resolve("*.parquet").toString().replace("'", "''");
            select = "SELECT " + columns + ", \"date\", \"hour\" FROM read_parquet('" + glob + "', hive_partitioning = true, "
                    + "hive_types = {'date': VARCHAR, 'hour': VARCHAR}, union_by_name = true)";
        } else {
            select = LakeSchema.COLUMNS.entrySet().stream()
                    .map(e -> "CAST(NULL AS " + e.getValue() + ") AS " + e.getKey())
                    .collect(Collectors.joining(", ", "SELECT ", ", CAST(NULL AS VARCHAR) AS \"date\", CAST(NULL AS VARCHAR) AS \"hour\" WHERE false"));
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + BRONZE_SCHEMA);
            st.execute("CREATE OR REPLACE VIEW " + BRONZE_SCHEMA + "." + BRONZE_TABLE + " AS " + select);
            bronzeReadsFiles = hasFiles;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create " + BRONZE_SCHEMA + "." + BRONZE_TABLE + " in " + databaseFile
                    + ": " + e.getMessage(), e);
        }
    }

    private Map<String, S3Object> listLake() {
        Map<String, S3Object> objects = new HashMap<>();
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(s3Properties.bucket())
                .prefix(lake.listensPrefix()).build();
        s3.listObjectsV2Paginator(request).contents().stream()
                .filter(o -> o.key().endsWith(".parquet"))
                .forEach(o -> objects.put(o.key(), o));
        return objects;
    }

    /** HEAD on the object: true when it exists, false on 404; other errors propagate (the refresh fails, retries). */
    private boolean stillInLake(String key) {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(s3Properties.bucket()).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void download(String key) {
        Path target = local(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".download-", ".tmp");
            try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(s3Properties.bucket()).key(key).build(),
                    ResponseTransformer.toInputStream()); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            // atomic: dbt never reads a half-written file
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path local(String key) {
        Path path = mirror.resolve(key).normalize();
        if (!path.startsWith(mirror)) {
            throw new IllegalArgumentException("Object key escapes the mirror folder: " + key);
        }
        return path;
    }

    private long countMirrored() {
        Path root = mirror.resolve(lake.listensPrefix());
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> loadIndex() {
        Map<String, String> index = new HashMap<>();
        Path file = mirror.resolve(INDEX_FILE);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            p.forEach((k, v) -> index.put((String) k, (String) v));
        }
        return index;
    }

    private void saveIndex(Map<String, String> index) {
        Properties p = new Properties();
        p.putAll(index);
        try {
            Files.createDirectories(mirror);
            Path tmp = Files.createTempFile(mirror, ".index-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "lake objects registered in bronze: key=etag");
            }
            Files.move(tmp, mirror.resolve(INDEX_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
