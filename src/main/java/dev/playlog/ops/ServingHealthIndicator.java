package dev.playlog.ops;

import dev.playlog.serving.GoldReader;
import dev.playlog.serving.NoSnapshotException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "serving": the build the read API serves and its age in seconds (how stale
 * gold is). UP with {@code snapshot: none yet} until the first build is published.
 */
@Component("serving")
public class ServingHealthIndicator extends AbstractHealthIndicator {

    private final GoldReader reader;
    private final Clock clock;

    @Autowired
    public ServingHealthIndicator(GoldReader reader) {
        this(reader, Clock.systemUTC());
    }

    ServingHealthIndicator(GoldReader reader, Clock clock) {
        super("serving health check failed");
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        try {
            GoldReader.Build build = reader.current();
            builder.withDetail("buildId", build.buildId()).withDetail("asOf", build.asOf().toString())
                    .withDetail("ageSeconds", Duration.between(build.asOf(), clock.instant()).toSeconds())
                    .withDetail("models", build.rows().size());
        } catch (NoSnapshotException e) {
            builder.withDetail("snapshot", "none yet");
        }
    }
}
