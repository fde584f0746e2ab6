package dev.playlog.runs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The run history of warehouse refreshes and dbt builds ({@code playlog.runs.*}).
 *
 * @param dir    folder of {@code runs.jsonl}, which keeps the history across restarts
 * @param retain runs kept, newest first; older ones are dropped from the file
 */
@Validated
@ConfigurationProperties(prefix = "playlog.runs")
public record RunsProperties(
        @NotBlank String dir,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int retain) {
}
