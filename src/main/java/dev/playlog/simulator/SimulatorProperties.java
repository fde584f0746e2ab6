package dev.playlog.simulator;

import dev.playlog.event.ListenEventContract;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the simulator ({@code playlog.simulator.*}), used by the simulate route.
 *
 * @param enabled    whether the simulate route starts with the app
 * @param rate       events per second the simulate route produces
 * @param seed       seed of the catalogue, the population and every choice; the same seed gives the same events
 * @param users      size of the simulated population (account slots; see docs/simulator.md for a realistic ratio
 *                   of users to rate)
 * @param tracks     size of the simulated catalogue (artists = tracks / model.tracks-per-artist)
 * @param maxEvents  stop after this many events (0 = never stop)
 * @param startTime  when set, events carry simulated time starting here and advancing time-scale/rate per event
 *                   (deterministic, and a way to backfill past days); when empty, events carry the wall clock
 * @param timeScale  simulated seconds per wall-clock second when start-time is set: with rate 10000 and
 *                   time-scale 24000, one wall-clock second produces 10,000 events spread over 6.7 simulated hours
 * @param model      the behavioural model's parameters ({@code playlog.simulator.model.*})
 * @param maxBatch   most events one tick of the route hands to Kafka: bounds the memory a tick holds when the route
 *                   runs behind a high rate (it then catches up over several ticks)
 */
@Validated
@ConfigurationProperties(prefix = "playlog.simulator")
public record SimulatorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("50") @Min(1) @Max(10_000_000) int rate,
        @DefaultValue("42") long seed,
        @DefaultValue("10000") @Min(1) @Max(10_000_000) int users,
        @DefaultValue("100000") @Min(1) @Max(10_000_000) int tracks,
        @DefaultValue("0") @Min(0) long maxEvents,
        Instant startTime,
        @DefaultValue("1") @DecimalMin("0.001") @DecimalMax("1000000000") double timeScale,
        @DefaultValue @Valid BehaviourParameters model,
        @DefaultValue("20000") @Min(1) @Max(1_000_000) int maxBatch) {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_USERS = 10_000;
    public static final int DEFAULT_TRACKS = 100_000;
    public static final int DEFAULT_MAX_BATCH = 20_000;

    /** Binding uses the canonical constructor; the others are for code. */
    @ConstructorBinding
    public SimulatorProperties {
    }

    /** The settings before time-scale and the model existed: both at their defaults. */
    public SimulatorProperties(boolean enabled, int rate, long seed, int users, int tracks, long maxEvents,
                               Instant startTime) {
        this(enabled, rate, seed, users, tracks, maxEvents, startTime, 1, BehaviourParameters.DEFAULTS,
                DEFAULT_MAX_BATCH);
    }

    /** The contract refuses listen events before 2000 ({@code ListenEventContract.EARLIEST_PLAYED_AT}). */
    @AssertTrue(message = "start-time must be 2000-01-01T00:00:00Z or later: the listen-event contract refuses earlier played_at")
    public boolean isStartTimeInContractRange() {
        return startTime == null || !startTime.isBefore(Instant.parse(ListenEventContract.EARLIEST_PLAYED_AT));
    }

    /** A time scale only means something for simulated time. */
    @AssertTrue(message = "time-scale other than 1 needs start-time")
    public boolean isTimeScaleWithStartTime() {
        return timeScale == 1 || startTime != null;
    }
}
