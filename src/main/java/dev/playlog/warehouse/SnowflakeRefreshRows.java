package dev.playlog.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the rows {@code ALTER EXTERNAL TABLE ... REFRESH} answers, one {@code (file, status, description)} per
 * file, into a {@link RefreshResult}: REGISTERED_NEW is new, REGISTERED_UPDATE updated, UNREGISTERED removed and
 * REGISTER_FAILED failed (with the file and Snowflake's description). Other statuses are not counted.
 */
public final class SnowflakeRefreshRows {

    public static final String REGISTERED_NEW = "REGISTERED_NEW";
    public static final String REGISTERED_UPDATE = "REGISTERED_UPDATE";
    public static final String UNREGISTERED = "UNREGISTERED";
    public static final String REGISTER_FAILED = "REGISTER_FAILED";

    private SnowflakeRefreshRows() {
    }

    public static RefreshResult toResult(List<Map<String, Object>> rows, int totalFiles, long durationMs) {
        int added = 0;
        int updated = 0;
        int removed = 0;
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String status = String.valueOf(column(row, "status")).trim().toUpperCase(Locale.ROOT);
            switch (status) {
                case REGISTERED_NEW -> added++;
                case REGISTERED_UPDATE -> updated++;
                case UNREGISTERED -> removed++;
                case REGISTER_FAILED -> failures.add(column(row, "file") + ": " + column(row, "description"));
                default -> {
                    // e.g. a file Snowflake already had: nothing changed
                }
            }
        }
        return new RefreshResult(added, updated, removed, failures.size(), totalFiles, durationMs, List.copyOf(failures));
    }

    /** Snowflake answers lower-case labels for this command; match any case so a quoted alias works too. */
    static Object column(Map<String, Object> row, String name) {
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("refresh row has no column '" + name + "': " + row.keySet());
    }
}
