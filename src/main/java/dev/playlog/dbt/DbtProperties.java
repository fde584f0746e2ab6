package dev.playlog.dbt;

import dev.playlog.config.QuartzCron;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the dbt-transform route runs dbt ({@code playlog.dbt.*}).
 *
 * @param projectDir     the dbt project
 * @param profilesDir    folder holding profiles.yml
 * @param target         profile target ({@code duckdb}, {@code snowflake})
 * @param venv           the project virtualenv; created and filled from {@code requirements} when missing or stale
 * @param requirements   pinned dbt packages
 * @param python         interpreter used to create the virtualenv
 * @param cron           Quartz cron of the dbt-transform route
 * @param timeoutSeconds a build running longer is killed and reported as failed
 * @param exclude        dbt node selection left out of every build ({@code --exclude}), e.g. {@code test_type:unit}
 *                       on a warehouse that cannot run dbt's unit tests; empty builds everything
 */
@Validated
@ConfigurationProperties(prefix = "playlog.dbt")
public record DbtProperties(
        @DefaultValue("dbt") @NotBlank String projectDir,
        @DefaultValue("config") @NotBlank String profilesDir,
        @DefaultValue("duckdb") @NotBlank String target,
        @DefaultValue(".venv") @NotBlank String venv,
        @DefaultValue("dbt/requirements.txt") @NotBlank String requirements,
        @DefaultValue("python3") @NotBlank String python,
        @DefaultValue("15 * * * * ?") @NotBlank @QuartzCron String cron,
        @DefaultValue("1800") @Min(10) long timeoutSeconds,
        @DefaultValue("") String exclude) {
}
