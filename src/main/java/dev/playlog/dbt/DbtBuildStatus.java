package dev.playlog.dbt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;

/**
 * What the health endpoint and Prometheus know about {@code dbt build}s: the build timer tagged by outcome (a failed
 * build is not counted with the good ones), when a build last succeeded, and the latest failure.
 */
public class DbtBuildStatus {

    /** Timer of {@code dbt build} wall time; tag {@value #OUTCOME} is {@code success} or {@code failure}. */
    public static final String TIMER = "playlog.dbt.build";
    public static final String OUTCOME = "outcome";

    private final Clock clock;
    private final Instant started;
    private final Timer succeeded;
    private final Timer failed;
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;
    private volatile String lastFailureReason;
    private volatile Outcome last;
    private volatile Outcome lastSuccessfulBuild;
    private final AtomicLong failures = new AtomicLong();

    /**
     * One build's outcome.
     *
     * @param ok      the build succeeded
     * @param at      when it ended
     * @param summary {@link DbtRunSummary#toString()}: exit, time, node counts, failing nodes
     */
    public record Outcome(boolean ok, Instant at, String summary) {
    }

    public DbtBuildStatus(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        this.succeeded = timer(registry, "success");
        this.failed = timer(registry, "failure");
        Gauge.builder("playlog.dbt.build.last.success", this, s -> s.lastSuccess == null ? Double.NaN
                        : s.lastSuccess.toEpochMilli() / 1000.0)
                .baseUnit("seconds").description("When dbt build last succeeded (Unix time)").register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(TIMER).tag(OUTCOME, outcome).description("Wall time of dbt build runs, by outcome")
                .register(registry);
    }

    void record(DbtRunSummary summary) {
        Instant now = clock.instant();
        Outcome outcome = new Outcome(summary.ok(), now, summary.toString());
        if (summary.ok()) {
            succeeded.record(summary.elapsedMs(), TimeUnit.MILLISECONDS);
            lastSuccess = now;
            lastSuccessfulBuild = outcome;
        } else {
            failed.record(summary.elapsedMs(), TimeUnit.MILLISECONDS);
            lastFailure = now;
            lastFailureReason = summary.toString();
            failures.incrementAndGet();
        }
        last = outcome;
    }

    /** The latest build's outcome, or null before the first. */
    public Outcome last() {
        return last;
    }

    /** The latest successful build's outcome, or null before the first. */
    public Outcome lastSuccessfulBuild() {
        return lastSuccessfulBuild;
    }

    /** Failed builds since the app started. */
    public long failures() {
        return failures.get();
    }

    /** When this status started counting (the app's start): the reference before the first successful build. */
    public Instant started() {
        return started;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public Instant lastFailure() {
        return lastFailure;
    }

    public String lastFailureReason() {
        return lastFailureReason;
    }

    public Instant now() {
        return clock.instant();
    }
}
