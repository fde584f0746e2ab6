package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnowflakeRefreshRowsTest {

    private static Map<String, Object> row(String file, String status, String description) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file", file);
        row.put("status", status);
        row.put("description", description);
        return row;
    }

    @Test
    void countsEachStatusAndNamesTheFilesThatFailed() {
        RefreshResult result = SnowflakeRefreshRows.toResult(List.of(
                row("lake/listens/date=2026-11-21/hour=05/a.parquet", "REGISTERED_NEW", "File registered successfully."),
                row("lake/listens/date=2026-11-21/hour=05/b.parquet", "REGISTERED_NEW", "File registered successfully."),
                row("lake/listens/date=2026-11-21/hour=04/c.parquet", "REGISTERED_UPDATE", "File registered successfully."),
                row("lake/listens/date=2026-11-21/hour=03/d.parquet", "UNREGISTERED", "File unregistered."),
                row("lake/listens/date=2026-11-21/hour=06/e.parquet", "REGISTER_FAILED", "Invalid Parquet file")),
                41, 1234);
        assertThat(result).extracting(RefreshResult::newFiles, RefreshResult::updatedFiles, RefreshResult::removedFiles,
                RefreshResult::failedFiles, RefreshResult::totalFiles, RefreshResult::durationMs)
                .containsExactly(2, 1, 1, 1, 41, 1234L);
        assertThat(result.failures()).containsExactly("lake/listens/date=2026-11-21/hour=06/e.parquet: Invalid Parquet file");
        assertThat(result.changed()).isTrue();
    }

    @Test
    void noRowsMeansNothingChanged() {
        RefreshResult result = SnowflakeRefreshRows.toResult(List.of(), 7, 5);
        assertThat(result.changed()).isFalse();
        assertThat(result.totalFiles()).isEqualTo(7);
        assertThat(result.failures()).isEmpty();
    }

    @Test
    void readsUpperCaseColumnLabelsAndIgnoresUnknownStatuses() {
        Map<String, Object> upper = new LinkedHashMap<>();
        upper.put("FILE", "x.parquet");
        upper.put("STATUS", "register_failed");
        upper.put("DESCRIPTION", "Access denied");
        RefreshResult result = SnowflakeRefreshRows.toResult(List.of(upper, row("y.parquet", "REGISTER_SKIPPED", "")), 1, 1);
        assertThat(result.failedFiles()).isEqualTo(1);
        assertThat(result.failures()).containsExactly("x.parquet: Access denied");
        assertThat(result.changed()).isFalse();
    }
}
