package dev.playlog.serving;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Publication of gold snapshots and the read API over them ({@code playlog.serving.*}).
 *
 * @param dir          local folder of the published snapshots ({@code gold/build=<id>/<model>.parquet},
 *                     {@code gold/current.json}, {@code gold/current.sql}); the API and by-hand sessions read here
 * @param retainBuilds snapshots kept, the current one included; older ones are pruned once the grace has passed
 * @param grace        how long a superseded snapshot stays readable after the next one became current, so a reader that
 *                     started on it can finish
 * @param defaultLimit rows a read returns when it names no {@code limit}
 * @param maxLimit     largest {@code limit} a read may ask for
 * @param cacheEntries query results cached per build; the cache empties when a new build is published
 */
@Validated
@ConfigurationProperties(prefix = "playlog.serving")
public record ServingProperties(
        @NotBlank String dir,
        @DefaultValue("3") @Min(1) @Max(1000) int retainBuilds,
        @DefaultValue("10m") @NotNull @DurationMin(seconds = 0, message = "must not be negative") Duration grace,
        @DefaultValue("100") @Min(1) @Max(100_000) int defaultLimit,
        @DefaultValue("10000") @Min(1) @Max(100_000) int maxLimit,
        @DefaultValue("1000") @Min(0) @Max(1_000_000) int cacheEntries) {
}
