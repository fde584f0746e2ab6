package dev.playlog.ops;

import dev.playlog.warehouse.WarehouseDialect;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import dev.playlog.warehouse.WarehouseRefresher;
import dev.playlog.warehouse.RefreshResult;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "warehouse": UP when the warehouse answers, DOWN when the refresh failed
 * {@code playlog.health.refresh-failures} times in a row (with the latest error as reason). While a refresh or dbt build holds
 * the warehouse (DuckDB allows one writer) it reports UP with what is running instead of contending for the file.
 * When the latest refresh could not register some lake files (Snowflake's REGISTER_FAILED) it stays UP, as the
 * warehouse answers, and names the files under {@code lastRefreshFailures}.
 */
@Component("warehouse")
public class WarehouseHealthIndicator extends AbstractHealthIndicator {

    static final int MAX_FAILURES_SHOWN = 10;

    private final WarehouseDialect dialect;
    private final WarehouseLock lock;
    private final WarehouseProperties properties;
    private final WarehouseRefresher refresher;
    private final HealthProperties health;

    public WarehouseHealthIndicator(WarehouseDialect dialect, WarehouseLock lock, WarehouseProperties properties,
            WarehouseRefresher refresher, HealthProperties health) {
        super("Warehouse health check failed");
        this.dialect = dialect;
        this.lock = lock;
        this.properties = properties;
        this.refresher = refresher;
        this.health = health;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("type", properties.type().name());
        RefreshResult last = refresher.lastResult();
        if (last != null) {
            builder.withDetail("lastRefresh", last.toString());
            if (last.failedFiles() > 0) {
                builder.withDetail("lastRefreshFailures", last.failures().stream().limit(MAX_FAILURES_SHOWN).toList());
            }
        }
        if (refresher.lastSuccess() != null) {
            builder.withDetail("lastRefreshSuccess", refresher.lastSuccess().toString());
        }
        int failures = refresher.failuresInARow();
        if (failures > 0) {
            builder.withDetail("refreshFailuresInARow", failures).withDetail("lastRefreshError", refresher.lastError());
        }
        if (failures >= health.refreshFailures()) {
            builder.down().withDetail("reason", "the warehouse refresh failed " + failures + " times in a row (limit "
                    + health.refreshFailures() + ", playlog.health.refresh-failures): " + refresher.lastError());
            return;
        }
        Boolean pinged = lock.tryWithLock("health check", () -> {
            dialect.ping();
            return Boolean.TRUE;
        });
        if (pinged == null) {
            builder.up().withDetail("busy", lock.holder());
        } else {
            builder.up();
        }
    }
}
