package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playlog.ops.HealthProperties;
import dev.playlog.ops.WarehouseHealthIndicator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Playlog's Snowflake path with the official snowflake-jdbc and camel-jdbc against a real fakesnow server: the
 * DataSource, bootstrap of the schemas, ping, and refresh-result parsing. fakesnow has no external tables, so the
 * refresh rows come from a {@code SELECT ... FROM VALUES} of the same shape sent through the same camel-jdbc
 * endpoint; the real stage, external-table and refresh statements are pinned by {@link SnowflakeSqlTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeWarehouseIT {

    @TempDir
    static Path tmp;

    private FakesnowServer fakesnow;
    private DataSource dataSource;
    private DefaultCamelContext camel;
    private CamelJdbc jdbc;

    @BeforeAll
    void start() throws Exception {
        fakesnow = FakesnowServer.start(tmp.resolve("fakesnow"));
        dataSource = SnowflakeDataSources.create(fakesnow.properties(true, false));
        FakesnowServer.createDatabase(dataSource);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(WarehouseConfiguration.SNOWFLAKE_DATA_SOURCE_BEAN, dataSource);
        camel.start();
        jdbc = new CamelJdbc(camel, WarehouseConfiguration.SNOWFLAKE_DATA_SOURCE_BEAN);
    }

    @AfterAll
    void stop() throws Exception {
        if (jdbc != null) {
            jdbc.close();
        }
        if (camel != null) {
            camel.close();
        }
        if (fakesnow != null) {
            fakesnow.close();
        }
    }

    private SnowflakeSql sql() {
        return new SnowflakeSql(fakesnow.properties(true, false), "playlog", "lake/listens/");
    }

    private List<String> schemas() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT schema_name FROM PLAYLOG.information_schema.schemata")) {
            while (rs.next()) {
                names.add(rs.getString(1).toUpperCase());
            }
        }
        return names;
    }

    @Test
    void bootstrapCreatesTheSchemasThroughCamelJdbcAndIsIdempotent() throws Exception {
        SnowflakeWarehouse warehouse = new SnowflakeWarehouse(sql(), dataSource, jdbc, false);
        warehouse.bootstrap();
        warehouse.bootstrap();
        assertThat(schemas()).contains("BRONZE", "SILVER", "GOLD");
    }

    @Test
    void pingAndCamelJdbcQueriesAnswerThroughSnowflakeJdbc() {
        new SnowflakeWarehouse(sql(), dataSource, jdbc, false).ping();
        assertThat(jdbc.query("SELECT CURRENT_DATABASE() AS \"DB\"")).singleElement()
                .satisfies(row -> assertThat(row.values()).singleElement().asString().isEqualToIgnoringCase("PLAYLOG"));
    }

    @Test
    void refreshRowsBecomeCountsFailuresAnErrorLogAndAHealthDetail() {
        // the rows ALTER EXTERNAL TABLE ... REFRESH answers, with its column names and statuses
        SnowflakeSql rows = new SnowflakeSql(fakesnow.properties(true, false), "playlog", "lake/listens/") {
            @Override
            public String refresh() {
                return """
                        SELECT column1 AS "file", column2 AS "status", column3 AS "description" FROM VALUES
                          ('lake/listens/date=2026-11-21/hour=05/listens+0+0.parquet', 'REGISTERED_NEW', 'File registered successfully.'),
                          ('lake/listens/date=2026-11-21/hour=05/listens+1+0.parquet', 'REGISTERED_NEW', 'File registered successfully.'),
                          ('lake/listens/date=2026-11-21/hour=04/listens+0+9.parquet', 'REGISTERED_UPDATE', 'File registered successfully.'),
                          ('lake/listens/date=2026-11-21/hour=03/listens+2+7.parquet', 'UNREGISTERED', 'File unregistered.'),
                          ('lake/listens/date=2026-11-21/hour=06/listens+2+8.parquet', 'REGISTER_FAILED', 'Error parsing the parquet file')""";
            }

            @Override
            public String registeredFiles() {
                return "SELECT COUNT(*) AS \"REGISTERED\" FROM VALUES (1), (2), (3), (4) AS t(x)";
            }
        };
        SnowflakeWarehouse warehouse = new SnowflakeWarehouse(rows, dataSource, jdbc, false);
        WarehouseLock lock = new WarehouseLock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WarehouseRefresher refresher = new WarehouseRefresher(warehouse, lock, registry);

        RefreshResult result = refresher.refresh();

        assertThat(result).extracting(RefreshResult::newFiles, RefreshResult::updatedFiles, RefreshResult::removedFiles,
                RefreshResult::failedFiles, RefreshResult::totalFiles).containsExactly(2, 1, 1, 1, 4);
        assertThat(result.failures()).containsExactly(
                "lake/listens/date=2026-11-21/hour=06/listens+2+8.parquet: Error parsing the parquet file");
        assertThat(registry.get("playlog.warehouse.refresh.files").tag("status", "failed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("playlog.warehouse.refresh.files").tag("status", "new").counter().count()).isEqualTo(2.0);

        WarehouseProperties properties = new WarehouseProperties(WarehouseProperties.Type.snowflake, "0 0 * * * ?",
                new WarehouseProperties.DuckDb("unused", "unused", WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT), fakesnow.properties(true, false));
        Health health = new WarehouseHealthIndicator(warehouse, lock, properties, refresher,
                new HealthProperties(java.time.Duration.ofMinutes(5), 8, java.time.Duration.ofMinutes(30))).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("type", "snowflake")
                .containsEntry("lastRefreshFailures",
                        List.of("lake/listens/date=2026-11-21/hour=06/listens+2+8.parquet: Error parsing the parquet file"));
    }

    private WarehouseProperties.Snowflake withKey(Path keyFile, String passphrase) {
        WarehouseProperties.Snowflake p = fakesnow.properties(true, false);
        return new WarehouseProperties.Snowflake(p.account(), p.user(), null, keyFile.toString(), passphrase, null, null,
                p.database(), p.bronzeSchema(), p.silverSchema(), p.goldSchema(), p.table(), p.stage(), p.host(), p.port(),
                false, false, false, null, null, null, null, null, 30);
    }

    @Test
    void logsInWithAnUnencryptedPkcs8PrivateKeyFile() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path keyFile = tmp.resolve("plain_rsa_key.p8");
        // a key generated by this test, not a committed one
        Files.writeString(keyFile, "-----BEGIN " + "PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        WarehouseProperties.Snowflake keyPair = withKey(keyFile, null);
        assertThat(keyPair.keyPair()).isTrue();
        new SnowflakeWarehouse(sql(), SnowflakeDataSources.create(keyPair), jdbc, false).ping();
    }

    @Test
    void logsInWithAnEncryptedPrivateKeyMadeTheWayTheDocsSay() throws Exception {
        // docs/snowflake.md: openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 aes-256-cbc -inform PEM -out playlog_rsa_key.p8
        Path rsa = tmp.resolve("rsa.pem");
        Path keyFile = tmp.resolve("playlog_rsa_key.p8");
        openssl("genrsa", "-out", rsa.toString(), "2048");
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-inform", "PEM", "-in", rsa.toString(), "-out", keyFile.toString(),
                "-passout", "pass:key-passphrase");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        new SnowflakeWarehouse(sql(), SnowflakeDataSources.create(withKey(keyFile, "key-passphrase")), jdbc, false).ping();
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("openssl %s: %s", args[0], output).isZero();
    }

    @Test
    void theRealRefreshStatementReachesTheServerAndItsErrorSurfaces() {
        // fakesnow cannot parse ALTER EXTERNAL TABLE: the error reaches the route's error handler as an exception
        SnowflakeWarehouse warehouse = new SnowflakeWarehouse(sql(), dataSource, jdbc, false);
        assertThatThrownBy(warehouse::refresh).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EXTERNAL");
    }
}
