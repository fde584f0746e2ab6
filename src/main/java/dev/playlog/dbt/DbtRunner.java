package dev.playlog.dbt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code dbt build} as a child process for the dbt-transform route (camel-exec does not resolve on this
 * stack), under the warehouse lock so it never overlaps a refresh, and reads {@code target/run_results.json}.
 */
public class DbtRunner {

    public static final String BEAN = "dbtRunner";
    /** Environment variables dbt inherits from the app; everything else (secrets included) is dropped. */
    static final java.util.regex.Pattern INHERITED = java.util.regex.Pattern.compile(
            "PATH|HOME|USER|LOGNAME|SHELL|TZ|TMPDIR|LANG|LC_.*|SSL_CERT_.*|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|PIP_.*"
                    + "|(?i:https?_proxy|no_proxy)|DBT_.*");
    private static final Logger LOG = LoggerFactory.getLogger(DbtRunner.class);

    private final DbtProperties properties;
    private final DbtEnvironment environment;
    private final WarehouseLock lock;
    private final WarehouseProperties warehouse;
    private final ObjectMapper mapper = new ObjectMapper();
    private final DbtBuildStatus status;
    /** Start of the dbt process now running, or 0: what the shutdown line reports. */
    private final java.util.concurrent.atomic.AtomicLong runningSince = new java.util.concurrent.atomic.AtomicLong();

    public DbtRunner(DbtProperties properties, DbtEnvironment environment, WarehouseLock lock,
            WarehouseProperties warehouse, MeterRegistry registry) {
        this.properties = properties;
        this.environment = environment;
        this.lock = lock;
        this.warehouse = warehouse;
        this.status = new DbtBuildStatus(registry, Clock.systemUTC());
    }

    /**
     * Called when the app starts shutting down: if a build is running, says so in one line. dbt runs in a session of
     * its own ({@link ParentBoundCommand}), so a terminal's Ctrl+C does not interrupt it; Camel's graceful shutdown
     * lets the exchange (and so the build) finish within {@code camel.main.shutdown-timeout}.
     */
    public void onShutdown() {
        long since = runningSince.get();
        if (since != 0) {
            LOG.info("Stopping: letting the running dbt build finish (started {} s ago); the app stops right after it",
                    (System.nanoTime() - since) / 1_000_000_000);
        }
    }

    /** Runs {@code dbt build}; throws {@link DbtBuildFailedException} naming the failing nodes. */
    public DbtRunSummary build() {
        Path dbt;
        try {
            dbt = environment.dbt();
        } catch (RuntimeException e) {
            DbtRunSummary summary = new DbtRunSummary(-1, 0, Map.of(), List.of("dbt is not installed: " + e.getMessage()));
            status.record(summary);
            LOG.error("dbt build: {}", summary);
            throw new DbtBuildFailedException(summary);
        }
        DbtRunSummary summary;
        try {
            summary = lock.withLock("dbt build", () -> run(dbt, "build"));
        } finally {
            runningSince.set(0);
        }
        status.record(summary);
        if (!summary.ok()) {
            LOG.error("dbt build: {}", summary);
            throw new DbtBuildFailedException(summary);
        }
        LOG.info("dbt build: {}", summary);
        return summary;
    }

    /** Outcomes of the builds so far, for health and metrics. */
    public DbtBuildStatus status() {
        return status;
    }

    private DbtRunSummary run(Path dbt, String command) {
        Path projectDir = Path.of(properties.projectDir()).toAbsolutePath();
        Path runResults = projectDir.resolve("target").resolve("run_results.json");
        List<String> cmd = new ArrayList<>(List.of(dbt.toString(), command, "--project-dir", projectDir.toString(),
                "--profiles-dir", Path.of(properties.profilesDir()).toAbsolutePath().toString(), "--target", properties.target()));
        if (properties.exclude() != null && !properties.exclude().isBlank()) {
            cmd.add("--exclude");
            cmd.addAll(List.of(properties.exclude().trim().split("\\s+")));
        }
        long start = System.nanoTime();
        Deque<String> tail = new ArrayDeque<>();
        try {
            Files.deleteIfExists(runResults);
            // bound to this JVM: a dbt that outlives a killed app would hold the DuckDB file
            ProcessBuilder pb = new ProcessBuilder(ParentBoundCommand.wrap(dbt.resolveSibling("python"), cmd))
                    .directory(projectDir.toFile()).redirectErrorStream(true);
            // dbt gets what it needs, not the app's secrets (token key, S3 and Spotify secrets)
            pb.environment().keySet().removeIf(name -> !INHERITED.matcher(name).matches());
            pb.environment().put("PLAYLOG_DUCKDB_PATH", Path.of(warehouse.duckdb().path()).toAbsolutePath().toString());
            pb.environment().put("PLAYLOG_DBT_TARGET", properties.target());
            pb.environment().put("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
            pb.environment().put("DBT_LOG_PATH", projectDir.resolve("logs").toString());
            pb.environment().putAll(warehouseEnvironment(warehouse));
            LOG.info("dbt {} starting (target {})", command, properties.target());
            Process process = pb.start();
            runningSince.set(System.nanoTime());
            Thread reader = new Thread(() -> {
                try (var lines = process.inputReader(StandardCharsets.UTF_8).lines()) {
                    lines.forEach(line -> {
                        LOG.debug("[dbt] {}", line);
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > 20) {
                                tail.removeFirst();
                            }
                        }
                    });
                }
            }, "dbt-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(properties.timeoutSeconds(), TimeUnit.SECONDS)) {
                // wait for the kill too: a dbt still holding the DuckDB file would fail the next refresh
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                return new DbtRunSummary(-1, (System.nanoTime() - start) / 1_000_000, Map.of(),
                        List.of("dbt " + command + " ran longer than playlog.dbt.timeout-seconds=" + properties.timeoutSeconds()
                                + " and was stopped"));
            }
            reader.join(5_000);
            int exit = process.exitValue();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            if (!Files.exists(runResults)) {
                List<String> failures;
                synchronized (tail) {
                    failures = List.of("dbt crashed before writing run_results.json: " + String.join(" | ", tail));
                }
                return new DbtRunSummary(exit, elapsedMs, Map.of(), failures);
            }
            return parse(exit, elapsedMs, runResults);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dbt " + command + " was running", e);
        }
    }

    /**
     * What {@code config/profiles.yml} and the dbt project read for the configured warehouse: on Snowflake the
     * connection (secrets reach only the dbt child process, never a log) and the schema names, so dbt writes where
     * the app bootstrapped.
     */
    static Map<String, String> warehouseEnvironment(WarehouseProperties warehouse) {
        Map<String, String> env = new TreeMap<>();
        if (warehouse.type() != WarehouseProperties.Type.snowflake) {
            return env;
        }
        WarehouseProperties.Snowflake s = warehouse.snowflake();
        putIfSet(env, "PLAYLOG_SNOWFLAKE_ACCOUNT", s.account());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_USER", s.user());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_PASSWORD", s.password());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_PRIVATE_KEY_PATH",
                s.keyPair() ? Path.of(s.privateKeyFile()).toAbsolutePath().toString() : null);
        putIfSet(env, "PLAYLOG_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", s.privateKeyPassphrase());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_ROLE", s.role());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_WAREHOUSE", s.warehouse());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_DATABASE", s.database());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_SCHEMA", s.bronzeSchema());
        putIfSet(env, "PLAYLOG_SNOWFLAKE_HOST", s.serverName());
        env.put("PLAYLOG_SNOWFLAKE_PORT", Integer.toString(s.port()));
        env.put("PLAYLOG_SNOWFLAKE_PROTOCOL", s.ssl() ? "https" : "http");
        env.put("PLAYLOG_BRONZE_SCHEMA", s.bronzeSchema());
        env.put("PLAYLOG_SILVER_SCHEMA", s.silverSchema());
        env.put("PLAYLOG_GOLD_SCHEMA", s.goldSchema());
        return env;
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null && !value.isBlank()) {
            env.put(name, value);
        }
    }

    DbtRunSummary parse(int exit, long elapsedMs, Path runResults) throws IOException {
        JsonNode root = mapper.readTree(runResults.toFile());
        Map<String, Integer> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (JsonNode result : root.path("results")) {
            String status = result.path("status").asText();
            counts.merge(status, 1, Integer::sum);
            if ("error".equals(status) || "fail".equals(status)) {
                String message = result.path("message").asText("");
                failures.add(result.path("unique_id").asText() + (message.isBlank() ? "" : " (" + message + ")"));
            }
        }
        return new DbtRunSummary(exit, elapsedMs, counts, failures);
    }
}
