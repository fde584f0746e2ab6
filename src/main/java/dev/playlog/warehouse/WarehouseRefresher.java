package dev.playlog.warehouse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Called by the warehouse-refresh route on its Quartz schedule: refreshes bronze under the warehouse lock, and keeps
 * what the health endpoint and Prometheus need: the failures in a row and the time of the last success.
 */
@Component(WarehouseRefresher.BEAN)
public class WarehouseRefresher {

    public static final String BEAN = "warehouseRefresher";
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseRefresher.class);

    private final WarehouseDialect dialect;
    private final WarehouseLock lock;
    private final Clock clock;
    private final Counter newFiles;
    private final Counter updatedFiles;
    private final Counter removedFiles;
    private final Counter failedFiles;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile RefreshResult lastResult;
    private volatile Instant lastSuccess;
    private volatile String lastError;

    @Autowired
    public WarehouseRefresher(WarehouseDialect dialect, WarehouseLock lock, MeterRegistry registry) {
        this(dialect, lock, registry, Clock.systemUTC());
    }

    public WarehouseRefresher(WarehouseDialect dialect, WarehouseLock lock, MeterRegistry registry, Clock clock) {
        this.dialect = dialect;
        this.lock = lock;
        this.clock = clock;
        this.newFiles = counter(registry, "new");
        this.updatedFiles = counter(registry, "updated");
        this.removedFiles = counter(registry, "removed");
        this.failedFiles = counter(registry, "failed");
        Gauge.builder("playlog.warehouse.refresh.last.success", this, r -> r.lastSuccess == null ? Double.NaN
                        : r.lastSuccess.toEpochMilli() / 1000.0)
                .baseUnit("seconds").description("When the warehouse refresh last succeeded (Unix time)").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String status) {
        return Counter.builder("playlog.warehouse.refresh.files").tag("status", status)
                .description("Lake files the warehouse refresh registered, by outcome").register(registry);
    }

    /**
     * One refresh. A refresh that throws registers nothing (the dialect commits its file registry last), so its
     * retry counts every file it registers; one that could not register some files counts as failed too.
     */
    public RefreshResult refresh() {
        RefreshResult result;
        try {
            result = lock.withLock("warehouse refresh", dialect::refresh);
        } catch (RuntimeException e) {
            int inARow = failuresInARow.incrementAndGet();
            lastError = e.getMessage();
            LOG.warn("Warehouse refresh failed ({} in a row): {}", inARow, e.getMessage());
            throw e;
        }
        newFiles.increment(result.newFiles());
        updatedFiles.increment(result.updatedFiles());
        removedFiles.increment(result.removedFiles());
        failedFiles.increment(result.failedFiles());
        lastResult = result;
        if (result.failedFiles() > 0) {
            failuresInARow.incrementAndGet();
            lastError = result.failedFiles() + " files failed: " + result.failures();
            LOG.error("Warehouse refresh: {}; failures: {}", result, result.failures());
        } else {
            failuresInARow.set(0);
            lastError = null;
            lastSuccess = clock.instant();
            LOG.info("Warehouse refresh: {}", result);
        }
        return result;
    }

    /** The latest completed refresh's outcome, or null before the first; the health endpoint shows its failures. */
    public RefreshResult lastResult() {
        return lastResult;
    }

    /** Refreshes that failed (threw, or could not register files) since the last one that succeeded. */
    public int failuresInARow() {
        return failuresInARow.get();
    }

    /** When a refresh last succeeded, or null. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** Why the latest refresh failed, or null when it succeeded. */
    public String lastError() {
        return lastError;
    }
}
