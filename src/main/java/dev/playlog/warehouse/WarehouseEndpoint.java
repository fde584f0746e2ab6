package dev.playlog.warehouse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/warehouse}: GET shows the warehouse type and the latest refresh; POST runs the (idempotent)
 * bootstrap under the warehouse lock, e.g. after granting Playlog's role what it needs on a new Snowflake account.
 */
@Component
@Endpoint(id = WarehouseEndpoint.ID)
public class WarehouseEndpoint {

    /** Endpoint id; {@code management.endpoints.web.exposure.include} in application.yaml lists it. */
    public static final String ID = "warehouse";

    private final WarehouseDialect dialect;
    private final WarehouseLock lock;
    private final WarehouseProperties properties;
    private final WarehouseRefresher refresher;

    public WarehouseEndpoint(WarehouseDialect dialect, WarehouseLock lock, WarehouseProperties properties,
            WarehouseRefresher refresher) {
        this.dialect = dialect;
        this.lock = lock;
        this.properties = properties;
        this.refresher = refresher;
    }

    @ReadOperation
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("type", properties.type().name());
        RefreshResult last = refresher.lastResult();
        status.put("lastRefresh", last == null ? "none yet" : last.toString());
        if (last != null && last.failedFiles() > 0) {
            status.put("lastRefreshFailures", last.failures());
        }
        return status;
    }

    @WriteOperation
    public Map<String, Object> bootstrap() {
        long start = System.nanoTime();
        lock.withLock("bootstrap", () -> {
            dialect.bootstrap();
            return null;
        });
        return Map.of("type", properties.type().name(), "bootstrapped", true,
                "durationMs", (System.nanoTime() - start) / 1_000_000);
    }
}
