package dev.playlog.ops;

import dev.playlog.dbt.DbtBuildStatus;
import dev.playlog.dbt.DbtRunner;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "dbt": DOWN when no {@code dbt build} has succeeded for
 * {@code playlog.health.dbt-stale} (counted from start-up until the first success), with the latest failure. A single
 * failed build leaves it UP (the app and the read API still work; the previous gold stays published) and says so in
 * {@code lastOutcome}, with the build's age and the age of the last success beside it.
 */
@Component("dbt")
public class DbtHealthIndicator extends AbstractHealthIndicator {

    private final DbtRunner runner;
    private final HealthProperties properties;

    public DbtHealthIndicator(DbtRunner runner, HealthProperties properties) {
        super("dbt health check failed");
        this.runner = runner;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        DbtBuildStatus status = runner.status();
        Instant lastSuccess = status.lastSuccess();
        builder.withDetail("lastSuccess", lastSuccess == null ? "none yet" : lastSuccess.toString());
        if (status.lastFailure() != null && (lastSuccess == null || status.lastFailure().isAfter(lastSuccess))) {
            builder.withDetail("lastFailure", status.lastFailure() + ": " + status.lastFailureReason());
        }
        DbtBuildStatus.Outcome last = status.last();
        if (last == null) {
            builder.withDetail("lastOutcome", "none yet");
        } else {
            builder.withDetail("lastOutcome", last.ok() ? "success" : "failed")
                    .withDetail("lastBuildAt", last.at().toString())
                    .withDetail("lastBuildAgeSeconds", Duration.between(last.at(), status.now()).toSeconds())
                    .withDetail("lastBuild", last.summary())
                    .withDetail("failedBuilds", status.failures());
            DbtBuildStatus.Outcome success = status.lastSuccessfulBuild();
            if (!last.ok() && success != null) {
                builder.withDetail("lastSuccessAgeSeconds", Duration.between(success.at(), status.now()).toSeconds());
            }
        }
        Instant since = lastSuccess == null ? status.started() : lastSuccess;
        if (since.plus(properties.dbtStale()).isAfter(status.now())) {
            builder.up();
        } else {
            builder.down().withDetail("reason", "no successful dbt build " + (lastSuccess == null ? "since start-up " : "")
                    + "for " + properties.dbtStale() + " (playlog.health.dbt-stale)");
        }
    }
}
