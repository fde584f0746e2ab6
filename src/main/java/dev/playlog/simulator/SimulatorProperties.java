package dev.playlog.simulator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the simulator ({@code playlog.simulator.*}), used by the simulate route.
 *
 * @param enabled    whether the simulate route starts with the app
 * @param rate       events per second the simulate route produces
 * @param seed       seed of the catalogue, the population and every choice; the same seed gives the same events
 * @param users      size of the simulated population
 * @param tracks     size of the simulated catalogue
 * @param maxEvents  stop after this many events (0 = never stop)
 * @param startTime  when set, events carry simulated time starting here and advancing 1/rate per event
 *                   (deterministic, and a way to backfill past days); when empty, events carry the wall clock
 */
@Validated
@ConfigurationProperties(prefix = "playlog.simulator")
public record SimulatorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("50") @Min(1) @Max(10_000_000) int rate,
        @DefaultValue("42") long seed,
        @DefaultValue("500") @Min(1) @Max(10_000_000) int users,
        @DefaultValue("5000") @Min(1) @Max(10_000_000) int tracks,
        @DefaultValue("0") @Min(0) long maxEvents,
        Instant startTime) {
}
