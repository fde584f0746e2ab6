package dev.playlog.warehouse;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Snowflake warehouse behind the warehouse-refresh route: bronze is an external table over the lake's Parquet,
 * and a refresh is {@code ALTER EXTERNAL TABLE ... REFRESH} run through camel-jdbc, whose per-file rows become the
 * {@link RefreshResult} the route logs and counts. Bootstrap creates the schemas and, unless turned off, the stage
 * and the external table; every statement is idempotent.
 */
public class SnowflakeWarehouse implements WarehouseDialect {

    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeWarehouse.class);

    private final SnowflakeSql sql;
    private final CamelJdbc jdbc;
    private final boolean createLakeObjects;

    public SnowflakeWarehouse(SnowflakeSql sql, CamelJdbc jdbc, boolean createLakeObjects) {
        this.sql = sql;
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
        jdbc.query(sql.ping());
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
        try {
            jdbc.query(statement);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Snowflake bootstrap failed on: " + loggable + ": " + e.getMessage(), e);
        }
    }
}
