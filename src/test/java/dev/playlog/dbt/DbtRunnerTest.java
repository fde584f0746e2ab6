package dev.playlog.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbtRunnerTest {

    @TempDir
    Path tmp;

    private final WarehouseLock lock = new WarehouseLock();

    private DbtRunner runner(Path project, Path venv) {
        return runner(project, venv, new SimpleMeterRegistry());
    }

    private DbtRunner runner(Path project, Path venv, SimpleMeterRegistry registry) {
        DbtProperties props = new DbtProperties(project.toString(), tmp.toString(), "duckdb", venv.toString(),
                tmp.resolve("requirements.txt").toString(), "python3", "0 0 * * * ?", 60, "");
        WarehouseProperties warehouse = new WarehouseProperties(WarehouseProperties.Type.duckdb, "0 0 * * * ?",
                new WarehouseProperties.DuckDb(tmp.resolve("w.duckdb").toString(), tmp.resolve("mirror").toString(), WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT),
                WarehouseProperties.Snowflake.defaults());
        return new DbtRunner(props, new DbtEnvironment(props), lock, warehouse, registry);
    }

    @Test
    void parsesRunResultsAndNamesFailingNodes() throws Exception {
        Path results = Path.of("src/test/resources/dbt/run_results_failed.json");
        DbtRunSummary summary = runner(tmp, tmp).parse(1, 4200, results);
        assertThat(summary.ok()).isFalse();
        assertThat(summary.counts()).containsEntry("success", 1).containsEntry("error", 1).containsEntry("fail", 1)
                .containsEntry("pass", 1).containsEntry("skipped", 1);
        assertThat(summary.failures()).containsExactly(
                "model.playlog.listen_events (Binder Error: column x not found)",
                "test.playlog.unique_listen_events_event_id.abc (Got 3 results, configured to fail if != 0)");
    }

    /** A stand-in dbt executable (a real child process) in a virtualenv the runner considers installed. */
    private Path standInVenv(String script) throws Exception {
        Path venv = tmp.resolve("venv");
        Path bin = Files.createDirectories(venv.resolve("bin"));
        Files.writeString(tmp.resolve("requirements.txt"), "dbt-core==1.11.16\n");
        Path dbt = bin.resolve("dbt");
        Files.writeString(dbt, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(dbt, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a real interpreter: the runner starts dbt through it, bound to this JVM (ParentBoundCommand)
        Files.createSymbolicLink(bin.resolve("python"), Path.of("/usr/bin/python3"));
        Files.writeString(venv.resolve(".playlog-requirements.sha256"),
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(tmp.resolve("requirements.txt")))));
        return venv;
    }

    @Test
    void failsTheBuildWithTheFailingNodesFromARealChildProcess() throws Exception {
        // writes run_results.json and exits 1, as dbt does on a model error or test failure
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path venv = standInVenv("mkdir -p target\ncp " + Path.of("src/test/resources/dbt/run_results_failed.json").toAbsolutePath()
                + " target/run_results.json\necho \"args: $*\"\nexit 1\n");

        assertThatThrownBy(() -> runner(project, venv).build())

                .isInstanceOf(DbtBuildFailedException.class)
                .hasMessageContaining("model.playlog.listen_events")
                .hasMessageContaining("test.playlog.unique_listen_events_event_id.abc")
                .hasMessageContaining("exit 1");
    }

    @Test
    void timesFailedAndSuccessfulBuildsUnderTheirOutcomeAndKeepsTheLastSuccess() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path fail = tmp.resolve("fail");
        Path venv = standInVenv("mkdir -p target\nif [ -f " + fail + " ]; then cp "
                + Path.of("src/test/resources/dbt/run_results_failed.json").toAbsolutePath() + " target/run_results.json; exit 1; fi\n"
                + "echo '{\"results\": [{\"unique_id\": \"model.playlog.x\", \"status\": \"success\"}]}' > target/run_results.json\n");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DbtRunner runner = runner(project, venv, registry);

        runner.build();
        assertThat(runner.status().lastSuccess()).isNotNull();
        java.time.Instant success = runner.status().lastSuccess();
        Files.createFile(fail);
        assertThatThrownBy(runner::build).isInstanceOf(DbtBuildFailedException.class);

        assertThat(registry.get(DbtBuildStatus.TIMER).tag(DbtBuildStatus.OUTCOME, "success").timer().count()).isEqualTo(1);
        assertThat(registry.get(DbtBuildStatus.TIMER).tag(DbtBuildStatus.OUTCOME, "failure").timer().count()).isEqualTo(1);
        assertThat(runner.status().lastSuccess()).isEqualTo(success);
        assertThat(runner.status().lastFailureReason()).contains("model.playlog.listen_events");
        assertThat(registry.get("playlog.dbt.build.last.success").gauge().value()).isEqualTo(success.toEpochMilli() / 1000.0);
    }

    @Test
    void dbtInheritsOnlyAnAllowListOfTheAppsEnvironment() {
        assertThat(List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PIP_FIND_LINKS", "https_proxy", "DBT_PROFILES_DIR"))
                .allMatch(name -> DbtRunner.INHERITED.matcher(name).matches());
        assertThat(List.of("PLAYLOG_TOKEN_KEY", "PLAYLOG_S3_SECRET_KEY", "PLAYLOG_SPOTIFY_CLIENT_SECRET",
                "PLAYLOG_WAREHOUSE_SNOWFLAKE_PASSWORD", "AWS_SECRET_ACCESS_KEY", "SPRING_DATASOURCE_PASSWORD"))
                .noneMatch(name -> DbtRunner.INHERITED.matcher(name).matches());
    }

    @Test
    void holdsTheWarehouseForTheWholeBuildSoNoRefreshOverlapsIt() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Path started = tmp.resolve("started");
        Path release = tmp.resolve("release");
        Path venv = standInVenv("touch " + started + "\nwhile [ ! -f " + release + " ]; do sleep 0.05; done\n"
                + "mkdir -p target\necho '{\"results\": [{\"unique_id\": \"model.playlog.x\", \"status\": \"success\"}]}' > target/run_results.json\n");
        DbtRunner runner = runner(project, venv);
        CompletableFuture<DbtRunSummary> build = CompletableFuture.supplyAsync(runner::build);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(started));
        assertThat(lock.tryWithLock("refresh", () -> "ran")).as("refresh while dbt runs").isNull();
        assertThat(lock.holder()).isEqualTo("dbt build");
        Files.createFile(release);
        assertThat(build.get(20, TimeUnit.SECONDS).counts()).containsEntry("success", 1);
        assertThat(lock.tryWithLock("refresh", () -> "ran")).isEqualTo("ran");
    }

    @Test
    void passesTheSnowflakeConnectionAndSchemaNamesToDbtOnlyForSnowflake() {
        WarehouseProperties.DuckDb duckdb = new WarehouseProperties.DuckDb("w.duckdb", "mirror", WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT);
        WarehouseProperties.Snowflake s = new WarehouseProperties.Snowflake("fakesnow", "u", "pw", null, null, null, "WH",
                "PLAYLOG", "BRONZE", "SILVER_X", "GOLD_X", "LISTENS", "LAKE", "127.0.0.1", 8123, false, false, false, null,
                null, null, null, null, 60);
        assertThat(DbtRunner.warehouseEnvironment(new WarehouseProperties(WarehouseProperties.Type.duckdb, "0 0 * * * ?",
                duckdb, s))).isEmpty();
        assertThat(DbtRunner.warehouseEnvironment(new WarehouseProperties(WarehouseProperties.Type.snowflake, "0 0 * * * ?",
                duckdb, s)))
                .containsEntry("PLAYLOG_SNOWFLAKE_ACCOUNT", "fakesnow")
                .containsEntry("PLAYLOG_SNOWFLAKE_USER", "u")
                .containsEntry("PLAYLOG_SNOWFLAKE_PASSWORD", "pw")
                .containsEntry("PLAYLOG_SNOWFLAKE_WAREHOUSE", "WH")
                .containsEntry("PLAYLOG_SNOWFLAKE_DATABASE", "PLAYLOG")
                .containsEntry("PLAYLOG_SNOWFLAKE_HOST", "127.0.0.1")
                .containsEntry("PLAYLOG_SNOWFLAKE_PORT", "8123")
                .containsEntry("PLAYLOG_SNOWFLAKE_PROTOCOL", "http")
                .containsEntry("PLAYLOG_BRONZE_SCHEMA", "BRONZE")
                .containsEntry("PLAYLOG_SILVER_SCHEMA", "SILVER_X")
                .containsEntry("PLAYLOG_GOLD_SCHEMA", "GOLD_X")
                .doesNotContainKey("PLAYLOG_SNOWFLAKE_ROLE")
                .doesNotContainKey("PLAYLOG_SNOWFLAKE_PRIVATE_KEY_PATH");
    }
}
