package dev.playlog.dbt;

import java.util.List;
import java.util.Map;

/**
 * What one {@code dbt build} did, read from {@code target/run_results.json}.
 *
 * @param counts   status (success, pass, error, fail, warn, skipped) to number of nodes
 * @param failures unique ids of nodes that errored or failed, with dbt's message
 */
public record DbtRunSummary(int exitCode, long elapsedMs, Map<String, Integer> counts, List<String> failures) {

    public boolean ok() {
        return exitCode == 0 && failures.isEmpty();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + " in " + elapsedMs + " ms, " + counts + (failures.isEmpty() ? "" : ", failed: " + failures);
    }
}
