package dev.playlog.warehouse;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which warehouse holds bronze/silver/gold and when its external table is refreshed ({@code playlog.warehouse.*}).
 *
 * @param type        {@code duckdb} (embedded default) or {@code snowflake}
 * @param refreshCron Quartz cron of the warehouse-refresh route
 */
@Validated
@ConfigurationProperties(prefix = "playlog.warehouse")
public record WarehouseProperties(
        @DefaultValue("duckdb") @NotNull Type type,
        @DefaultValue("0/30 * * * * ?") @NotBlank String refreshCron,
        @DefaultValue @Valid DuckDb duckdb) {

    public enum Type { duckdb, snowflake }

    /**
     * @param path       the DuckDB database file (dbt opens the same file)
     * @param mirrorDir  local copy of the lake's objects that the bronze view reads (DuckDB here has no httpfs)
     */
    public record DuckDb(
            @NotBlank String path,
            @NotBlank String mirrorDir) {
    }
}
