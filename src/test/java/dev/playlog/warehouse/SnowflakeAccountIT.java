package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: Playlog's Snowflake warehouse against a real Snowflake account, run only when the
 * {@code PLAYLOG_IT_SNOWFLAKE_*} variables are set (docs/snowflake.md, "Testing against a real account"); the one
 * test allowed to skip. The proof that runs everywhere is the fakesnow ITs plus the golden SQL; this checks what
 * fakesnow cannot: the stage, the external table and {@code ALTER EXTERNAL TABLE ... REFRESH} on Snowflake itself.
 * It works in throw-away schemas named {@code PLAYLOG_IT_<random>_*} and drops them afterwards.
 */
class SnowflakeAccountIT {

    private static final Map<String, String> ENV = System.getenv();

    private DefaultCamelContext camel;
    private CamelJdbc jdbc;
    private DataSource dataSource;
    private WarehouseProperties.Snowflake config;

    private static String env(String name) {
        String value = ENV.get("PLAYLOG_IT_SNOWFLAKE_" + name);
        return value == null || value.isBlank() ? null : value;
    }

    @BeforeEach
    void connect() throws Exception {
        assumeTrue(env("ACCOUNT") != null && env("USER") != null && (env("PASSWORD") != null || env("PRIVATE_KEY_FILE") != null),
                "set PLAYLOG_IT_SNOWFLAKE_ACCOUNT, _USER and _PASSWORD or _PRIVATE_KEY_FILE to run against a real account");
        String prefix = "PLAYLOG_IT_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        boolean lakeObjects = env("STAGE_URL") != null;
        config = new WarehouseProperties.Snowflake(env("ACCOUNT"), env("USER"), env("PASSWORD"), env("PRIVATE_KEY_FILE"),
                env("PRIVATE_KEY_PASSPHRASE"), env("ROLE"), env("WAREHOUSE"),
                env("DATABASE") != null ? env("DATABASE") : "PLAYLOG", prefix + "_BRONZE", prefix + "_SILVER",
                prefix + "_GOLD", "LISTENS", "PLAYLOG_LAKE", null, 443, true, true, lakeObjects, env("STAGE_URL"),
                env("STAGE_ENDPOINT"), env("STORAGE_INTEGRATION"), env("STAGE_ACCESS_KEY"), env("STAGE_SECRET_KEY"), 60);
        dataSource = SnowflakeDataSources.create(config);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(WarehouseConfiguration.SNOWFLAKE_DATA_SOURCE_BEAN, dataSource);
        camel.start();
        jdbc = new CamelJdbc(camel, WarehouseConfiguration.SNOWFLAKE_DATA_SOURCE_BEAN);
    }

    @AfterEach
    void dropSchemas() throws Exception {
        if (config == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String schema : List.of(config.bronzeSchema(), config.silverSchema(), config.goldSchema())) {
                st.execute("DROP SCHEMA IF EXISTS " + SnowflakeSql.quote(config.database()) + "." + SnowflakeSql.quote(schema));
            }
        }
        jdbc.close();
        camel.close();
    }

    @Test
    void bootstrapsPingsAndRefreshesOnARealAccount() {
        String prefix = env("LAKE_PREFIX") != null ? env("LAKE_PREFIX") : "lake";
        SnowflakeSql sql = new SnowflakeSql(config, "unused", prefix + "/listens/");
        SnowflakeWarehouse warehouse = new SnowflakeWarehouse(sql, dataSource, jdbc, config.createLakeObjects());
        warehouse.bootstrap();
        warehouse.bootstrap();
        warehouse.ping();
        List<Map<String, Object>> schemas = jdbc.query("SHOW SCHEMAS LIKE '" + config.bronzeSchema() + "' IN DATABASE "
                + SnowflakeSql.quote(config.database()));
        assertThat(schemas).hasSize(1);
        if (config.createLakeObjects()) {
            RefreshResult first = warehouse.refresh();
            assertThat(first.failedFiles()).as("%s", first.failures()).isZero();
            assertThat(first.totalFiles()).isEqualTo(first.newFiles());
            RefreshResult second = warehouse.refresh();
            assertThat(second.changed()).isFalse();
            assertThat(jdbc.query("SELECT COUNT(*) AS \"N\" FROM " + sql.table())).hasSize(1);
        }
    }
}
