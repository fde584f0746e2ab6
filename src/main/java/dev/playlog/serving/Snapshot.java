package dev.playlog.serving;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One published build of gold: immutable Parquet files, one per model, under {@code dir}.
 *
 * @param buildId the build ({@link BuildIds}), also the snapshot's folder name {@code build=<id>}
 * @param asOf    when the dbt build that produced it finished
 * @param files   model name to its Parquet file
 * @param rows    model name to its row count
 */
public record Snapshot(String buildId, Instant asOf, Path dir, Map<String, Path> files, Map<String, Long> rows) {
}
