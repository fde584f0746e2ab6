package dev.playlog.ops;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When {@code /actuator/health} stops saying UP ({@code playlog.health.*}): the thresholds of the lake, warehouse
 * and dbt components.
 *
 * @param lakeStall       a lake partition that has lag and whose committed offset has not moved for this long is
 *                        stalled: component {@code lake} DOWN
 * @param refreshFailures this many warehouse refreshes failing in a row (each attempt counts, Camel's redeliveries
 *                        included): component {@code warehouse} DOWN
 * @param dbtStale        no successful {@code dbt build} for this long (counted from start-up before the first):
 *                        component {@code dbt} DOWN
 */
@Validated
@ConfigurationProperties(prefix = "playlog.health")
public record HealthProperties(
        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) Duration lakeStall,
        @DefaultValue("8") @Min(1) int refreshFailures,
        @DefaultValue("30m") @NotNull @DurationMin(seconds = 1) Duration dbtStale) {
}
