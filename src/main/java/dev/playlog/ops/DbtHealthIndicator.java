package dev.playlog.ops;

import dev.playlog.dbt.DbtBuildOutcomes;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "dbt": the latest build's outcome and its age in seconds. It stays UP after a
 * failed build (the app and the read API still work; the previous gold stays published) and says so in
 * {@code lastOutcome}, with the age of the last success beside it.
 */
@Component("dbt")
public class DbtHealthIndicator extends AbstractHealthIndicator {

    private final DbtBuildOutcomes outcomes;
    private final Clock clock;

    @Autowired
    public DbtHealthIndicator(DbtBuildOutcomes outcomes) {
        this(outcomes, Clock.systemUTC());
    }

    DbtHealthIndicator(DbtBuildOutcomes outcomes, Clock clock) {
        super("dbt health check failed");
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        DbtBuildOutcomes.Outcome last = outcomes.last();
        if (last == null) {
            builder.withDetail("lastOutcome", "none yet");
            return;
        }
        builder.withDetail("lastOutcome", last.ok() ? "success" : "failed")
                .withDetail("lastBuildAt", last.at().toString())
                .withDetail("lastBuildAgeSeconds", Duration.between(last.at(), clock.instant()).toSeconds())
                .withDetail("lastBuild", last.summary())
                .withDetail("failedBuilds", outcomes.failures());
        DbtBuildOutcomes.Outcome success = outcomes.lastSuccess();
        if (!last.ok() && success != null) {
            builder.withDetail("lastSuccessAgeSeconds", Duration.between(success.at(), clock.instant()).toSeconds());
        }
    }
}
