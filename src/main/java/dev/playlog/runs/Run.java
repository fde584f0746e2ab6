package dev.playlog.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One warehouse refresh or dbt build, as {@code /api/v1/runs} shows it and {@code runs.jsonl} keeps it.
 *
 * @param kind         {@code warehouse_refresh} or {@code dbt_build}
 * @param outcome      {@code success} or {@code failed}
 * @param files        refreshes: files registered new, updated, removed, failed
 * @param buildId      dbt builds: the gold build it published, if any
 * @param nodes        dbt builds: every node of {@code run_results.json}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Run(
        @JsonProperty("id") long id,
        @JsonProperty("kind") String kind,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("message") String message,
        @JsonProperty("files") Files files,
        @JsonProperty("build_id") String buildId,
        @JsonProperty("nodes") List<Node> nodes) {

    public static final String REFRESH = "warehouse_refresh";
    public static final String DBT_BUILD = "dbt_build";

    public record Files(@JsonProperty("new") int added, @JsonProperty("updated") int updated,
            @JsonProperty("removed") int removed, @JsonProperty("failed") int failed) {
    }

    /** A dbt node's result: {@code results[]} of {@code run_results.json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Node(@JsonProperty("unique_id") String uniqueId, @JsonProperty("status") String status,
            @JsonProperty("execution_time") double executionTime, @JsonProperty("failures") Long failures,
            @JsonProperty("message") String message) {
    }

    /** This run without its nodes, for lists. */
    public Run summary() {
        return new Run(id, kind, startedAt, durationMs, outcome, message, files, buildId, null);
    }
}
