package dev.playlog.serving;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads gold for the read API: over the published Parquet snapshot (DuckDB warehouse) or in the warehouse itself
 * (Snowflake). One interface, so the API does not know which.
 */
public interface GoldReader {

    /** The build readers currently see. */
    record Build(String buildId, Instant asOf, Map<String, Long> rows) {
    }

    /** The current build; throws {@link NoSnapshotException} before the first. */
    Build current();

    /**
     * Validates {@code params} for the model ({@link GoldQuery#parse}) and reads the rows.
     *
     * @throws UnknownModelException     not a gold model, or not in the current build
     * @throws InvalidParameterException a parameter fails validation
     * @throws NoSnapshotException       before the first build
     */
    GoldPage read(String model, Map<String, List<String>> params);
}
