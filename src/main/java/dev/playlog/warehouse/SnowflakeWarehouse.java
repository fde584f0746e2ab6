package dev.playlog.warehouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Snowflake warehouse behind the warehouse-refresh route: bronze is an external table over the lake's Parquet,
 * and a refresh is {@code ALTER EXTERNAL TABLE ... REFRESH} run through camel-jdbc, whose per-file rows become the
 * {@link RefreshResult} the route logs and counts. Bootstrap creates the schemas and, unless turned off, the stage
 * and the external table; every statement is idempotent. Bootstrap and ping use the DataSource directly: bootstrap
 * runs while Spring creates the beans, before the CamelContext has started and can send to an endpoint.
 */
public class SnowflakeWarehouse implements WarehouseDialect {

    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeWarehouse.class);

    private final SnowflakeSql sql;
    private final DataSource dataSource;
    private final CamelJdbc jdbc;
    private final boolean createLakeObjects;

    public SnowflakeWarehouse(SnowflakeSql sql, DataSource dataSource, CamelJdbc jdbc, boolean createLakeObjects) {
        this.sql = sql;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.createLakeObjects = createLakeObjects;
    }

    @Override
    public void bootstrap() {
        for (String statement : sql.createSchemas()) {
            run(statement, statement);
        }
        if (createLakeObjects) {
            run(sql.createStage(false), sql.createStage(true));
            run(sql.createExternalTable(), "CREATE EXTERNAL TABLE IF NOT EXISTS " + sql.table() + " ...");
        }
        LOG.info("Snowflake warehouse ready: {}{}", sql.table(), createLakeObjects ? " over stage " + sql.stage() : "");
    }

    @Override
    public RefreshResult refresh() {
        long start = System.nanoTime();
        List<Map<String, Object>> rows = jdbc.query(sql.refresh());
        int total = registeredFiles();
        RefreshResult result = SnowflakeRefreshRows.toResult(rows, total, (System.nanoTime() - start) / 1_000_000);
        for (String failure : result.failures()) {
            LOG.error("Snowflake could not register a lake file in {}: {}", sql.table(), failure);
        }
        return result;
    }

    @Override
    public void ping() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql.ping());
        } catch (SQLException e) {
            throw new IllegalStateException("Snowflake does not answer: " + e.getMessage(), e);
        }
    }

    private int registeredFiles() {
        List<Map<String, Object>> rows = jdbc.query(sql.registeredFiles());
        if (rows.isEmpty() || rows.get(0).isEmpty()) {
            throw new IllegalStateException("no answer to " + sql.registeredFiles());
        }
        return ((Number) rows.get(0).values().iterator().next()).intValue();
    }

    /** Runs a statement, logging and reporting only its redacted form: the stage's may carry credentials. */
    private void run(String statement, String loggable) {
        LOG.debug("Snowflake bootstrap: {}", loggable);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("Snowflake bootstrap failed on: " + loggable + ": " + e.getMessage(), e);
        }
    }
}
