package dev.playlog.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "lake": DOWN when a partition of the listens topic has records waiting and the
 * lake-write group's committed offset has not moved for {@code playlog.health.lake-stall}; the details give each
 * partition's lag and name the stalled ones.
 */
@Component("lake")
public class LakeHealthIndicator extends AbstractHealthIndicator {

    private final LakeLagMonitor monitor;
    private final HealthProperties properties;

    public LakeHealthIndicator(LakeLagMonitor monitor, HealthProperties properties) {
        super("Lake health check failed");
        this.monitor = monitor;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<LakeLagMonitor.PartitionLag> partitions = monitor.sample();
        Instant now = monitor.now();
        Map<String, Long> lag = new LinkedHashMap<>();
        Map<String, String> stalled = new LinkedHashMap<>();
        for (LakeLagMonitor.PartitionLag p : partitions) {
            lag.put(Integer.toString(p.partition()), p.lag());
            if (p.stalled(now, properties.lakeStall())) {
                stalled.put(Integer.toString(p.partition()), "lag " + p.lag() + ", committed offset " + p.committed()
                        + " unchanged for " + Duration.between(p.unchangedSince(), now).toSeconds() + " s");
            }
        }
        builder.withDetail("lag", lag);
        if (stalled.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("reason", stalled.size() + " partition(s) with lag and no progress for "
                    + properties.lakeStall() + " (playlog.health.lake-stall)").withDetail("stalled", stalled);
        }
    }
}
