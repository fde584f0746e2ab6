package dev.playlog.pipeline;

import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationContext;

/** Queries the embedded DuckDB warehouse under the app's warehouse lock, so the test never collides with dbt. */
record WarehouseContents(long bronzeRows, long silverRows, long silverDistinctEvents, Map<String, Long> dailyActiveUsers) {

    static WarehouseContents read(ApplicationContext context) {
        DuckDbWarehouse warehouse = context.getBean(DuckDbWarehouse.class);
        return context.getBean(WarehouseLock.class).withLock("test query", () -> {
            try (Connection c = warehouse.connect(); Statement st = c.createStatement()) {
                long bronze = single(st, "SELECT count(*) FROM bronze.listens");
                long silver = tableExists(st, "silver", "listen_events") ? single(st, "SELECT count(*) FROM silver.listen_events") : -1;
                long distinct = silver < 0 ? -1 : single(st, "SELECT count(DISTINCT event_id) FROM silver.listen_events");
                Map<String, Long> dau = new TreeMap<>();
                if (tableExists(st, "gold", "daily_active_users")) {
                    try (ResultSet rs = st.executeQuery("SELECT CAST(activity_date AS VARCHAR), active_users FROM gold.daily_active_users")) {
                        while (rs.next()) {
                            dau.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                return new WarehouseContents(bronze, silver, distinct, dau);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean tableExists(Statement st, String schema, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                + "' AND table_name = '" + table + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
