package dev.playlog.warehouse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Called by the warehouse-refresh route on its Quartz schedule: refreshes bronze under the warehouse lock. */
@Component(WarehouseRefresher.BEAN)
public class WarehouseRefresher {

    public static final String BEAN = "warehouseRefresher";
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseRefresher.class);

    private final WarehouseDialect dialect;
    private final WarehouseLock lock;
    private final Counter newFiles;
    private final Counter updatedFiles;
    private final Counter removedFiles;
    private final Counter failedFiles;
    private volatile RefreshResult lastResult;

    public WarehouseRefresher(WarehouseDialect dialect, WarehouseLock lock, MeterRegistry registry) {
        this.dialect = dialect;
        this.lock = lock;
        this.newFiles = counter(registry, "new");
        this.updatedFiles = counter(registry, "updated");
        this.removedFiles = counter(registry, "removed");
        this.failedFiles = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String status) {
        return Counter.builder("playlog.warehouse.refresh.files").tag("status", status)
                .description("Lake files the warehouse refresh registered, by outcome").register(registry);
    }

    public RefreshResult refresh() {
        RefreshResult result = lock.withLock("warehouse refresh", dialect::refresh);
        newFiles.increment(result.newFiles());
        updatedFiles.increment(result.updatedFiles());
        removedFiles.increment(result.removedFiles());
        failedFiles.increment(result.failedFiles());
        lastResult = result;
        if (result.failedFiles() > 0) {
            LOG.error("Warehouse refresh: {}; failures: {}", result, result.failures());
        } else {
            LOG.info("Warehouse refresh: {}", result);
        }
        return result;
    }

    /** The latest refresh's outcome, or null before the first; the health endpoint shows its failures. */
    public RefreshResult lastResult() {
        return lastResult;
    }
}
