package dev.playlog.ops;

import dev.playlog.warehouse.WarehouseDialect;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "warehouse": UP when the warehouse answers. While a refresh or dbt build holds
 * the warehouse (DuckDB allows one writer) it reports UP with what is running instead of contending for the file.
 */
@Component("warehouse")
public class WarehouseHealthIndicator extends AbstractHealthIndicator {

    private final WarehouseDialect dialect;
    private final WarehouseLock lock;
    private final WarehouseProperties properties;

    public WarehouseHealthIndicator(WarehouseDialect dialect, WarehouseLock lock, WarehouseProperties properties) {
        super("Warehouse health check failed");
        this.dialect = dialect;
        this.lock = lock;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("type", properties.type().name());
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
