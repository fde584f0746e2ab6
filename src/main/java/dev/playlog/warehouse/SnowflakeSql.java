package dev.playlog.warehouse;

import static dev.playlog.warehouse.WarehouseProperties.Snowflake.present;

import dev.playlog.lake.LakeSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The statements {@link SnowflakeWarehouse} runs: schemas, the stage over the lake, the bronze external table with one
 * typed virtual column per {@link LakeSchema} column plus the {@code date}/{@code hour} partitions parsed from the
 * object path, its refresh and the count of registered files. Every identifier comes from validated configuration
 * and is rendered upper-case and double-quoted (what Snowflake makes of dbt's unquoted names); nothing here is built
 * from data.
 */
public class SnowflakeSql {

    private static final Pattern IDENTIFIER = Pattern.compile(WarehouseProperties.Snowflake.IDENTIFIER);
    private static final Pattern LAKE_PATH = Pattern.compile("[a-z0-9][a-z0-9_\\-/]*/");
    /** LakeSchema's DuckDB types as Snowflake types. */
    private static final Map<String, String> TYPES = Map.of(
            "VARCHAR", "VARCHAR",
            "INTEGER", "INTEGER",
            "BIGINT", "BIGINT",
            "BOOLEAN", "BOOLEAN",
            "TIMESTAMP", "TIMESTAMP_NTZ");

    private final WarehouseProperties.Snowflake config;
    private final String stageUrl;
    private final String listensPath;

    /**
     * @param config      validated {@code playlog.warehouse.snowflake.*}
     * @param lakeBucket  {@code playlog.s3.bucket}: the stage's bucket when no stage URL is configured
     * @param listensPath where the listens objects are under the bucket ({@code LakeProperties.listensPrefix()})
     */
    public SnowflakeSql(WarehouseProperties.Snowflake config, String lakeBucket, String listensPath) {
        this.config = config;
        this.stageUrl = present(config.stageUrl()) ? config.stageUrl() : "s3://" + lakeBucket + "/";
        if (!LAKE_PATH.matcher(listensPath).matches()) {
            throw new IllegalArgumentException("lake path '" + listensPath + "' is not a plain relative folder");
        }
        this.listensPath = listensPath;
    }

    /** {@code "NAME"} for a valid unquoted identifier; refuses anything else instead of escaping it. */
    public static String quote(String identifier) {
        if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a Snowflake identifier: '" + identifier + "'");
        }
        return '"' + identifier.toUpperCase(Locale.ROOT) + '"';
    }

    public String table() {
        return quote(config.database()) + "." + quote(config.bronzeSchema()) + "." + quote(config.table());
    }

    public String stage() {
        return quote(config.database()) + "." + quote(config.bronzeSchema()) + "." + quote(config.stage());
    }

    public List<String> createSchemas() {
        return List.of(config.bronzeSchema(), config.silverSchema(), config.goldSchema()).stream()
                .map(schema -> "CREATE SCHEMA IF NOT EXISTS " + quote(config.database()) + "." + quote(schema))
                .toList();
    }

    /** The stage over the lake bucket; with {@code redacted} the credentials read {@code ****} (for logs). */
    public String createStage(boolean redacted) {
        StringBuilder sql = new StringBuilder("CREATE STAGE IF NOT EXISTS ").append(stage()).append('\n')
                .append("  URL = ").append(literal(stageUrl)).append('\n');
        if (stageUrl.startsWith("s3compat://")) {
            sql.append("  ENDPOINT = ").append(literal(config.stageEndpoint())).append('\n');
        }
        if (present(config.storageIntegration())) {
            sql.append("  STORAGE_INTEGRATION = ").append(quote(config.storageIntegration())).append('\n');
        } else if (present(config.stageAccessKey())) {
            sql.append("  CREDENTIALS = (AWS_KEY_ID = ").append(redacted ? "'****'" : literal(config.stageAccessKey()))
                    .append(" AWS_SECRET_KEY = ").append(redacted ? "'****'" : literal(config.stageSecretKey())).append(")\n");
        }
        return sql.append("  FILE_FORMAT = (TYPE = PARQUET)").toString();
    }

    /**
     * The bronze external table. Virtual columns read the Parquet fields by their exact (lower-case) names; the
     * partition columns come from the hive-style path, {@code .../date=YYYY-MM-DD/hour=HH/file.parquet}, as VARCHAR
     * like DuckDB's bronze view. No auto-refresh: the warehouse-refresh route refreshes on its schedule (S3-compatible
     * stages cannot auto-refresh at all).
     */
    public String createExternalTable() {
        String columns = LakeSchema.COLUMNS.entrySet().stream()
                .map(c -> "  " + quote(c.getKey()) + " " + type(c.getValue()) + " AS (VALUE:\"" + c.getKey() + "\"::"
                        + type(c.getValue()) + ")")
                .collect(Collectors.joining(",\n"));
        return "CREATE EXTERNAL TABLE IF NOT EXISTS " + table() + " (\n"
                + columns + ",\n"
                + "  " + quote(LakeSchema.DATE_PARTITION) + " VARCHAR AS (" + partition(LakeSchema.DATE_PARTITION) + "),\n"
                + "  " + quote(LakeSchema.HOUR_PARTITION) + " VARCHAR AS (" + partition(LakeSchema.HOUR_PARTITION) + ")\n"
                + ")\n"
                + "PARTITION BY (" + quote(LakeSchema.DATE_PARTITION) + ", " + quote(LakeSchema.HOUR_PARTITION) + ")\n"
                + "LOCATION = @" + stage() + "/" + listensPath + "\n"
                + "REFRESH_ON_CREATE = FALSE\n"
                + "AUTO_REFRESH = FALSE\n"
                + "PATTERN = '.*[.]parquet'\n"
                + "FILE_FORMAT = (TYPE = PARQUET)";
    }

    /** Registers new, changed and removed objects; answers one {@code (file, status, description)} row per file. */
    public String refresh() {
        return "ALTER EXTERNAL TABLE " + table() + " REFRESH";
    }

    /** One row, one column: how many files the external table has registered after the refresh. */
    public String registeredFiles() {
        return "SELECT COUNT(*) AS \"REGISTERED\" FROM TABLE(" + quote(config.database())
                + ".INFORMATION_SCHEMA.EXTERNAL_TABLE_FILES(TABLE_NAME => " + literal(table()) + "))";
    }

    public String ping() {
        return "SELECT 1 AS \"OK\"";
    }

    private static String partition(String name) {
        return "SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '/" + name + "=', 2), '/', 1)";
    }

    private static String type(String duckDbType) {
        String type = TYPES.get(duckDbType);
        if (type == null) {
            throw new IllegalStateException("LakeSchema type " + duckDbType + " has no Snowflake mapping");
        }
        return type;
    }

    /** A Snowflake string literal: quotes doubled, backslashes escaped (Snowflake treats {@code \} as an escape). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
