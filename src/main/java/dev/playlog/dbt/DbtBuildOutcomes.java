package dev.playlog.dbt;

import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The latest {@code dbt build} outcome, recorded by the dbt-transform route around {@link DbtRunner#build()}: the
 * health component "dbt" shows it with its age. Kept apart from the runner, which only runs dbt.
 */
@Component(DbtBuildOutcomes.BEAN)
public class DbtBuildOutcomes {

    public static final String BEAN = "dbtBuildOutcomes";

    /**
     * @param ok      the build succeeded
     * @param at      when it ended
     * @param summary {@link DbtRunSummary#toString()} or the failure's message
     */
    public record Outcome(boolean ok, Instant at, String summary) {
    }

    private final Clock clock;
    private volatile Outcome last;
    private volatile Outcome lastSuccess;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    public DbtBuildOutcomes() {
        this(Clock.systemUTC());
    }

    DbtBuildOutcomes(Clock clock) {
        this.clock = clock;
    }

    /** Records a successful build and passes its summary on (to the gold publisher). */
    public DbtRunSummary succeeded(DbtRunSummary summary) {
        Outcome outcome = new Outcome(true, clock.instant(), summary.toString());
        last = outcome;
        lastSuccess = outcome;
        return summary;
    }

    /** Records a failed build and rethrows, so the route's error handling still sees the failure. */
    public void failed(Exception failure) throws Exception {
        last = new Outcome(false, clock.instant(), failure.getMessage());
        failures.incrementAndGet();
        throw failure;
    }

    /** The latest build's outcome, or null before the first. */
    public Outcome last() {
        return last;
    }

    /** Failed builds since the app started. */
    public long failures() {
        return failures.get();
    }

    /** The latest successful build's outcome, or null. */
    public Outcome lastSuccess() {
        return lastSuccess;
    }
}
