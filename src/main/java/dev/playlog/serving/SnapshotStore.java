package dev.playlog.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published snapshots on local disk ({@code playlog.serving.dir}/gold) and which one is current. Readers take a
 * {@link Lease} on the current snapshot for the length of a read, so pruning never deletes files a read is using;
 * {@code current.json} is replaced by an atomic rename, so a reader sees one build or the next.
 */
public class SnapshotStore {

    static final String CURRENT_JSON = "current.json";
    static final String CURRENT_SQL = "current.sql";
    static final String BUILD_PREFIX = "build=";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    private final Path root;
    private final ObjectMapper mapper;
    private final Map<String, Integer> leases = new HashMap<>();
    private volatile Snapshot current;

    public SnapshotStore(Path root, ObjectMapper mapper) {
        this.root = root.toAbsolutePath();
        this.mapper = mapper;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the serving folder " + this.root, e);
        }
        this.current = loadCurrent();
    }

    public Path root() {
        return root;
    }

    public Path buildDir(String buildId) {
        return root.resolve(BUILD_PREFIX + buildId);
    }

    /** The current snapshot, or null before the first publication. */
    public Snapshot current() {
        return current;
    }

    /** A read of the current snapshot: its files stay until the lease is closed. */
    public final class Lease implements AutoCloseable {
        private final Snapshot snapshot;

        private Lease(Snapshot snapshot) {
            this.snapshot = snapshot;
        }

        public Snapshot snapshot() {
            return snapshot;
        }

        @Override
        public void close() {
            synchronized (SnapshotStore.this) {
                leases.computeIfPresent(snapshot.buildId(), (id, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /** Leases the current snapshot; throws {@link NoSnapshotException} before the first publication. */
    public synchronized Lease lease() {
        Snapshot snapshot = current;
        if (snapshot == null) {
            throw new NoSnapshotException();
        }
        leases.merge(snapshot.buildId(), 1, Integer::sum);
        return new Lease(snapshot);
    }

    synchronized Set<String> leased() {
        return Set.copyOf(leases.keySet());
    }

    /**
     * Moves a fully written build folder into place and makes it current: the folder first, then {@code current.sql}
     * and last {@code current.json}, each by an atomic rename.
     */
    public Snapshot install(Path staged, SnapshotManifest manifest) {
        Path dir = buildDir(manifest.buildId());
        try {
            Files.move(staged, dir, StandardCopyOption.ATOMIC_MOVE);
            Snapshot snapshot = snapshot(dir, manifest);
            writeAtomically(CURRENT_SQL, sessionScript(snapshot));
            writeAtomically(CURRENT_JSON, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
            current = snapshot;
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install snapshot " + manifest.buildId() + " in " + root, e);
        }
    }

    /** Deletes the local snapshots {@link BuildIds#expired} names, skipping leased ones and the current one. */
    public synchronized List<String> prune(int retain, java.time.Duration grace, Instant now) {
        List<String> builds = builds();
        Set<String> pinned = new java.util.HashSet<>(leases.keySet());
        if (current != null) {
            pinned.add(current.buildId());
        }
        List<String> expired = BuildIds.expired(builds, retain, grace, now, pinned);
        for (String build : expired) {
            deleteTree(buildDir(build));
        }
        return expired;
    }

    /** Build ids with a folder here, oldest first. */
    public List<String> builds() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(BUILD_PREFIX))
                    .map(n -> n.substring(BUILD_PREFIX.length())).filter(id -> BuildIds.FORMAT.matcher(id).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SQL that a DuckDB session runs to see the current snapshot: one view per model over its Parquet file, and
     * {@code playlog_snapshot} naming the build. Reading Parquet takes no lock, so the session never blocks the app.
     */
    static String sessionScript(Snapshot snapshot) {
        StringBuilder sql = new StringBuilder("-- Playlog gold snapshot ").append(snapshot.buildId())
                .append(": run in any DuckDB session (in-memory is fine); re-run to move to a newer build\n");
        sql.append("CREATE OR REPLACE VIEW playlog_snapshot AS SELECT '").append(snapshot.buildId())
                .append("' AS build_id, TIMESTAMPTZ '").append(snapshot.asOf()).append("' AS as_of;\n");
        snapshot.files().forEach((model, file) -> sql.append("CREATE OR REPLACE VIEW ").append(model)
                .append(" AS SELECT * FROM ").append(DuckDbSnapshotReader.source(file)).append(";\n"));
        return sql.toString();
    }

    private Snapshot snapshot(Path dir, SnapshotManifest manifest) {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        manifest.models().forEach((model, file) -> {
            files.put(model, dir.resolve(file.file()));
            rows.put(model, file.rows());
        });
        return new Snapshot(manifest.buildId(), Instant.parse(manifest.asOf()), dir, Map.copyOf(files), Map.copyOf(rows));
    }

    private Snapshot loadCurrent() {
        Path file = root.resolve(CURRENT_JSON);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            SnapshotManifest manifest = mapper.readValue(file.toFile(), SnapshotManifest.class);
            Path dir = buildDir(manifest.buildId());
            if (!Files.isDirectory(dir)) {
                LOG.warn("Serving: {} names build {} whose folder is gone; no snapshot until the next build", file,
                        manifest.buildId());
                return null;
            }
            LOG.info("Serving: current gold snapshot is build {} ({})", manifest.buildId(), dir);
            return snapshot(dir, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private void writeAtomically(String name, String content) throws IOException {
        Path tmp = Files.createTempFile(root, "." + name + "-", ".tmp");
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // temporary files are owner-only; these are for any local reader, like the Parquet files beside them
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, root.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
