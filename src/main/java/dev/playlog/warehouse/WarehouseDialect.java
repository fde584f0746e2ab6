package dev.playlog.warehouse;

/**
 * Warehouse-specific work behind the warehouse-refresh route: DuckDB (embedded) or Snowflake. The route only calls
 * {@link WarehouseRefresher}, so a dialect plugs in by configuration without touching routes.
 */
public interface WarehouseDialect {

    /** Creates schemas and the bronze table over the lake if missing; idempotent. */
    void bootstrap();

    /** Makes objects written to the lake since the last refresh visible in bronze. */
    RefreshResult refresh();

    /** Cheap liveness probe for the health endpoint. */
    void ping();
}
