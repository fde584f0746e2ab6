package dev.playlog.lake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Columns of one lake row (a listen event plus where it came from) with their DuckDB types. The lake writer
 * writes Parquet with these columns; the warehouse's bronze table reads them, plus the hive partition columns
 * {@code date} and {@code hour} taken from the object's path.
 */
public final class LakeSchema {

    public static final Map<String, String> COLUMNS;

    static {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("schema_version", "INTEGER");
        c.put("event_id", "VARCHAR");
        c.put("event_type", "VARCHAR");
        c.put("user_id", "VARCHAR");
        c.put("session_id", "VARCHAR");
        c.put("track_id", "VARCHAR");
        c.put("track_name", "VARCHAR");
        c.put("artist_id", "VARCHAR");
        c.put("artist_name", "VARCHAR");
        c.put("album_id", "VARCHAR");
        c.put("album_name", "VARCHAR");
        c.put("duration_ms", "BIGINT");
        c.put("ms_played", "BIGINT");
        c.put("device_type", "VARCHAR");
        c.put("country", "VARCHAR");
        c.put("subscription", "VARCHAR");
        c.put("context_type", "VARCHAR");
        c.put("context_uri", "VARCHAR");
        c.put("played_at", "TIMESTAMP");
        c.put("source", "VARCHAR");
        c.put("shuffle", "BOOLEAN");
        c.put("reason_start", "VARCHAR");
        c.put("reason_end", "VARCHAR");
        c.put("platform", "VARCHAR");
        c.put("isrc", "VARCHAR");
        c.put("explicit", "BOOLEAN");
        c.put("kafka_topic", "VARCHAR");
        c.put("kafka_partition", "INTEGER");
        c.put("kafka_offset", "BIGINT");
        c.put("ingested_at", "TIMESTAMP");
        COLUMNS = java.util.Collections.unmodifiableMap(c);
    }

    /** Hive partition columns, in path order. */
    public static final String DATE_PARTITION = "date";
    public static final String HOUR_PARTITION = "hour";

    private LakeSchema() {
    }

    /** The {@code columns = {...}} struct literal DuckDB's {@code read_json} takes. */
    public static String duckDbColumnsStruct() {
        return COLUMNS.entrySet().stream()
                .map(e -> "'" + e.getKey() + "': '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
