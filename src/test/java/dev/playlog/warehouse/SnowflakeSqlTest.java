package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Golden SQL: the exact statements Snowflake bootstrap and refresh run (fakesnow has no stages over S3 nor external tables). */
class SnowflakeSqlTest {

    static WarehouseProperties.Snowflake config(String stageUrl, String endpoint, String integration, String accessKey,
            String secretKey) {
        return new WarehouseProperties.Snowflake("xy12345", "playlog", "pw", null, null, "PLAYLOG_ROLE", "PLAYLOG_WH",
                "playlog", "bronze", "silver", "gold", "listens", "playlog_lake", null, 443, true, true, true, stageUrl,
                endpoint, integration, accessKey, secretKey, 60);
    }

    private static SnowflakeSql awsWithIntegration() {
        return new SnowflakeSql(config(null, null, "playlog_s3", null, null), "playlog", "lake/listens/");
    }

    @Test
    void createsTheThreeSchemasInTheDatabaseUpperCasedAndQuoted() {
        assertThat(awsWithIntegration().createSchemas()).containsExactly(
                "CREATE SCHEMA IF NOT EXISTS \"PLAYLOG\".\"BRONZE\"",
                "CREATE SCHEMA IF NOT EXISTS \"PLAYLOG\".\"SILVER\"",
                "CREATE SCHEMA IF NOT EXISTS \"PLAYLOG\".\"GOLD\"");
    }

    @Test
    void stageOverTheLakeBucketAuthenticatesWithTheStorageIntegration() {
        assertThat(awsWithIntegration().createStage(false)).isEqualTo("""
                CREATE STAGE IF NOT EXISTS "PLAYLOG"."BRONZE"."PLAYLOG_LAKE"
                  URL = 's3://playlog/'
                  STORAGE_INTEGRATION = "PLAYLOG_S3"
                  FILE_FORMAT = (TYPE = PARQUET)""");
    }

    @Test
    void s3CompatibleStageNamesTheEndpointAndCarriesEscapedCredentials() {
        SnowflakeSql sql = new SnowflakeSql(config("s3compat://lakebucket/", "minio.example.com", null, "AKIA'x",
                "se\\cret'"), "ignored", "lake/listens/");
        assertThat(sql.createStage(false)).isEqualTo("""
                CREATE STAGE IF NOT EXISTS "PLAYLOG"."BRONZE"."PLAYLOG_LAKE"
                  URL = 's3compat://lakebucket/'
                  ENDPOINT = 'minio.example.com'
                  CREDENTIALS = (AWS_KEY_ID = 'AKIA''x' AWS_SECRET_KEY = 'se\\\\cret''')
                  FILE_FORMAT = (TYPE = PARQUET)""");
    }

    @Test
    void redactedStageStatementHidesTheCredentials() {
        SnowflakeSql sql = new SnowflakeSql(config("s3compat://lakebucket/", "minio.example.com", null, "AKIAKEY",
                "topsecret"), "ignored", "lake/listens/");
        assertThat(sql.createStage(true))
                .contains("CREDENTIALS = (AWS_KEY_ID = '****' AWS_SECRET_KEY = '****')")
                .doesNotContain("AKIAKEY").doesNotContain("topsecret");
    }

    @Test
    void externalTableHasATypedVirtualColumnPerLakeColumnAndPathPartitions() {
        assertThat(awsWithIntegration().createExternalTable()).isEqualTo("""
                CREATE EXTERNAL TABLE IF NOT EXISTS "PLAYLOG"."BRONZE"."LISTENS" (
                  "SCHEMA_VERSION" INTEGER AS (VALUE:"schema_version"::INTEGER),
                  "EVENT_ID" VARCHAR AS (VALUE:"event_id"::VARCHAR),
                  "EVENT_TYPE" VARCHAR AS (VALUE:"event_type"::VARCHAR),
                  "USER_ID" VARCHAR AS (VALUE:"user_id"::VARCHAR),
                  "SESSION_ID" VARCHAR AS (VALUE:"session_id"::VARCHAR),
                  "TRACK_ID" VARCHAR AS (VALUE:"track_id"::VARCHAR),
                  "TRACK_NAME" VARCHAR AS (VALUE:"track_name"::VARCHAR),
                  "ARTIST_ID" VARCHAR AS (VALUE:"artist_id"::VARCHAR),
                  "ARTIST_NAME" VARCHAR AS (VALUE:"artist_name"::VARCHAR),
                  "ALBUM_ID" VARCHAR AS (VALUE:"album_id"::VARCHAR),
                  "ALBUM_NAME" VARCHAR AS (VALUE:"album_name"::VARCHAR),
                  "DURATION_MS" BIGINT AS (VALUE:"duration_ms"::BIGINT),
                  "MS_PLAYED" BIGINT AS (VALUE:"ms_played"::BIGINT),
                  "DEVICE_TYPE" VARCHAR AS (VALUE:"device_type"::VARCHAR),
                  "COUNTRY" VARCHAR AS (VALUE:"country"::VARCHAR),
                  "SUBSCRIPTION" VARCHAR AS (VALUE:"subscription"::VARCHAR),
                  "CONTEXT_TYPE" VARCHAR AS (VALUE:"context_type"::VARCHAR),
                  "CONTEXT_URI" VARCHAR AS (VALUE:"context_uri"::VARCHAR),
                  "PLAYED_AT" TIMESTAMP_NTZ AS (VALUE:"played_at"::TIMESTAMP_NTZ),
                  "SOURCE" VARCHAR AS (VALUE:"source"::VARCHAR),
                  "SHUFFLE" BOOLEAN AS (VALUE:"shuffle"::BOOLEAN),
                  "REASON_START" VARCHAR AS (VALUE:"reason_start"::VARCHAR),
                  "REASON_END" VARCHAR AS (VALUE:"reason_end"::VARCHAR),
                  "PLATFORM" VARCHAR AS (VALUE:"platform"::VARCHAR),
                  "ISRC" VARCHAR AS (VALUE:"isrc"::VARCHAR),
                  "EXPLICIT" BOOLEAN AS (VALUE:"explicit"::BOOLEAN),
                  "KAFKA_TOPIC" VARCHAR AS (VALUE:"kafka_topic"::VARCHAR),
                  "KAFKA_PARTITION" INTEGER AS (VALUE:"kafka_partition"::INTEGER),
                  "KAFKA_OFFSET" BIGINT AS (VALUE:"kafka_offset"::BIGINT),
                  "INGESTED_AT" TIMESTAMP_NTZ AS (VALUE:"ingested_at"::TIMESTAMP_NTZ),
                  "DATE" VARCHAR AS (SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '/date=', 2), '/', 1)),
                  "HOUR" VARCHAR AS (SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '/hour=', 2), '/', 1))
                )
                PARTITION BY ("DATE", "HOUR")
                LOCATION = @"PLAYLOG"."BRONZE"."PLAYLOG_LAKE"/lake/listens/
                REFRESH_ON_CREATE = FALSE
                AUTO_REFRESH = FALSE
                PATTERN = '.*[.]parquet'
                FILE_FORMAT = (TYPE = PARQUET)""");
    }

    @Test
    void refreshesTheExternalTableAndCountsItsRegisteredFiles() {
        SnowflakeSql sql = awsWithIntegration();
        assertThat(sql.refresh()).isEqualTo("ALTER EXTERNAL TABLE \"PLAYLOG\".\"BRONZE\".\"LISTENS\" REFRESH");
        assertThat(sql.registeredFiles()).isEqualTo("SELECT COUNT(*) AS \"REGISTERED\" FROM TABLE(\"PLAYLOG\""
                + ".INFORMATION_SCHEMA.EXTERNAL_TABLE_FILES(TABLE_NAME => '\"PLAYLOG\".\"BRONZE\".\"LISTENS\"'))");
    }

    @Test
    void refusesIdentifiersThatAreNotPlainNames() {
        assertThat(SnowflakeSql.quote("bronze_2$")).isEqualTo("\"BRONZE_2$\"");
        assertThatThrownBy(() -> SnowflakeSql.quote("x\"; DROP DATABASE playlog; --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Snowflake identifier");
        assertThatThrownBy(() -> SnowflakeSql.quote("1abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnowflakeSql.quote(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesALakePathThatIsNotARelativeFolder() {
        assertThatThrownBy(() -> new SnowflakeSql(config(null, null, "i", null, null), "b", "lake/listens/' ; x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain relative folder");
    }
}
