package dev.playlog.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.lake.LakeSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dbt project's own commands on the real dbt in the project virtualenv: {@code dbt build}, {@code dbt source
 * freshness} on a freshly loaded bronze, and {@code dbt docs generate}.
 */
class DbtProjectIT {

    @TempDir
    Path tmp;

    private record Result(int exit, String output) {
    }

    private Result dbt(Path database, String... args) throws IOException, InterruptedException {
        Path dbt = new DbtEnvironment("python3", Path.of(".venv").toAbsolutePath(),
                Path.of("dbt/requirements.txt").toAbsolutePath(), "dbt").dbt();
        List<String> command = new java.util.ArrayList<>(List.of(dbt.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--project-dir", Path.of("dbt").toAbsolutePath().toString(), "--profiles-dir",
                Path.of("config").toAbsolutePath().toString(), "--target", "duckdb", "--target-path",
                tmp.resolve("target").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PLAYLOG_DUCKDB_PATH", database.toString());
        pb.environment().put("DBT_LOG_PATH", tmp.resolve("logs").toString());
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static Path bronzeWithFreshRows(Path dir) throws Exception {
        Path database = dir.resolve("playlog.duckdb");
        String columns = LakeSchema.COLUMNS.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA bronze");
            st.execute("CREATE TABLE bronze.listens (" + columns + ", \"date\" VARCHAR, \"hour\" VARCHAR)");
            st.execute("INSERT INTO bronze.listens (schema_version, event_id, event_type, user_id, session_id, track_id, "
                    + "track_name, artist_id, artist_name, album_id, album_name, duration_ms, ms_played, device_type, country, "
                    + "subscription, context_type, played_at, source, kafka_topic, kafka_partition, kafka_offset, ingested_at, "
                    + "\"date\", \"hour\") VALUES "
                    + "(1, '0123456789abcdef0123456789abcdef', 'play', 'u1', 's1', 't1', 'Song', 'a1', 'Artist', 'al1', 'Album', "
                    + "200000, 200000, 'mobile', 'DE', 'premium', 'playlist', now()::TIMESTAMP - INTERVAL 5 MINUTE, 'simulator', "
                    + "'listens', 0, 0, now()::TIMESTAMP, '2026-11-21', '10'), "
                    + "(1, 'fedcba9876543210fedcba9876543210', 'skip', 'u2', 's2', 't1', 'Song', 'a1', 'Artist', 'al1', 'Album', "
                    + "200000, 4000, 'desktop', 'US', 'free', 'album', now()::TIMESTAMP - INTERVAL 4 MINUTE, 'simulator', "
                    + "'listens', 1, 0, now()::TIMESTAMP, '2026-11-21', '10')");
        }
        return database;
    }

    @Test
    void buildsChecksSourceFreshnessAndGeneratesDocs() throws Exception {
        Path database = bronzeWithFreshRows(tmp);
        Result build = dbt(database, "build");
        assertThat(build.exit()).as(build.output()).isZero();
        assertThat(build.output()).contains("Completed successfully");

        Result freshness = dbt(database, "source", "freshness");
        assertThat(freshness.exit()).as(freshness.output()).isZero();
        assertThat(freshness.output()).contains("PASS freshness of bronze.listens");

        Result docs = dbt(database, "docs", "generate");
        assertThat(docs.exit()).as(docs.output()).isZero();
        assertThat(tmp.resolve("target/catalog.json")).exists();
        assertThat(Files.readString(tmp.resolve("target/catalog.json"))).contains("model.playlog.daily_active_users");
    }
}
