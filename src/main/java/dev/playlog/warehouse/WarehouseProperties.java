package dev.playlog.warehouse;

import dev.playlog.config.QuartzCron;
import java.time.Duration;
import jakarta.validation.Valid;
import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which warehouse holds bronze/silver/gold and when its external table is refreshed ({@code playlog.warehouse.*}).
 *
 * @param type        {@code duckdb} (embedded default) or {@code snowflake}
 * @param refreshCron Quartz cron of the warehouse-refresh route
 * @param duckdb      the embedded warehouse ({@code type=duckdb})
 * @param snowflake   the Snowflake account ({@code type=snowflake}); its required keys are checked only then
 */
@Validated
@CompleteForType
@ConfigurationProperties(prefix = "playlog.warehouse")
public record WarehouseProperties(
        @DefaultValue("duckdb") @NotNull Type type,
        @DefaultValue("0/30 * * * * ?") @NotBlank @QuartzCron String refreshCron,
        @DefaultValue @Valid DuckDb duckdb,
        @DefaultValue @Valid Snowflake snowflake) {

    public enum Type { duckdb, snowflake }

    /**
     * @param path       the DuckDB database file (dbt opens the same file)
     * @param mirrorDir  local copy of the lake's objects that the bronze view reads (DuckDB here has no httpfs)
     * @param lockWait   how long start-up waits for another process (a dbt left running, a DuckDB session) to release
     *                   the file before it gives up
     */
    public record DuckDb(
            @NotBlank String path,
            @NotBlank String mirrorDir,
            @DefaultValue("10m") @NotNull @DurationMin(seconds = 0) Duration lockWait) {

        /** Default lock wait, as bound when {@code playlog.warehouse.duckdb.lock-wait} is not set. */
        public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);
    }

    /**
     * {@code playlog.warehouse.snowflake.*}: where the bronze external table and dbt's schemas live, how Playlog logs
     * in, and the stage over the lake that the external table reads. Identifiers are validated here and always
     * rendered upper-case and double-quoted, which is what Snowflake makes of the unquoted names dbt uses.
     *
     * @param account              account identifier ({@code orgname-accountname} or a locator such as {@code xy12345.eu-west-1})
     * @param user                 login name
     * @param password             password; secret: set it from the environment, never in a committed file
     * @param privateKeyFile       PKCS#8 private key file for key-pair authentication (instead of a password)
     * @param privateKeyPassphrase passphrase of an encrypted private key file; secret
     * @param role                 role to use; the user's default role when empty
     * @param warehouse            virtual warehouse that runs the refresh and dbt; the user's default when empty
     * @param database             database holding the schemas
     * @param bronzeSchema         schema of the external table and the stage
     * @param silverSchema         schema dbt writes silver into
     * @param goldSchema           schema dbt writes gold into
     * @param table                the external table over the lake's listens
     * @param stage                the external stage over the lake bucket
     * @param host                 server to connect to; {@code <account>.snowflakecomputing.com} when empty
     * @param port                 server port
     * @param ssl                  HTTPS to the server ({@code false} only for a local fake such as fakesnow)
     * @param bootstrap            create schemas (and the lake objects) at start-up; also available as
     *                             {@code POST /actuator/warehouse}
     * @param createLakeObjects    bootstrap also creates the stage and the external table; turn off when an
     *                             administrator manages them, or against a fake without external tables
     * @param stageUrl             the stage's URL; {@code s3://<playlog.s3.bucket>/} when empty,
     *                             {@code s3compat://bucket/} for MinIO and other S3-compatible servers
     * @param stageEndpoint        host name of an S3-compatible server ({@code s3compat://} stages only; HTTPS, no port)
     * @param storageIntegration   storage integration the stage authenticates with (preferred on AWS)
     * @param stageAccessKey       access key the stage authenticates with when there is no integration; secret
     * @param stageSecretKey       secret key paired with it; secret
     * @param loginTimeoutSeconds  give up logging in after this long
     */
    public record Snowflake(
            String account,
            String user,
            String password,
            String privateKeyFile,
            String privateKeyPassphrase,
            @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String role,
            @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String warehouse,
            @DefaultValue("PLAYLOG") @NotBlank @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String database,
            @DefaultValue("BRONZE") @NotBlank @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String bronzeSchema,
            @DefaultValue("SILVER") @NotBlank @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String silverSchema,
            @DefaultValue("GOLD") @NotBlank @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String goldSchema,
            @DefaultValue("LISTENS") @NotBlank @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String table,
            @DefaultValue("PLAYLOG_LAKE") @NotBlank @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String stage,
            @Pattern(regexp = "[A-Za-z0-9.\\-]+", message = "must be a host name") String host,
            @DefaultValue("443") @Min(1) @Max(65535) int port,
            @DefaultValue("true") boolean ssl,
            @DefaultValue("false") boolean bootstrap,
            @DefaultValue("true") boolean createLakeObjects,
            @Pattern(regexp = "(s3|s3compat)://[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]/",
                    message = "must be s3://bucket/ or s3compat://bucket/ (the bucket root: the external table adds the lake prefix)") String stageUrl,
            @Pattern(regexp = "[A-Za-z0-9.\\-]+", message = "must be a host name without scheme or port") String stageEndpoint,
            @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String storageIntegration,
            String stageAccessKey,
            String stageSecretKey,
            @DefaultValue("60") @Min(1) int loginTimeoutSeconds) {

        /** An unquoted Snowflake identifier; anything else in config is refused rather than escaped. */
        public static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_$]{0,254}";
        static final String IDENTIFIER_MESSAGE = "must be a Snowflake identifier: a letter or '_', then letters, digits, '_' or '$'";

        /** The defaults with nothing set, as bound when no {@code playlog.warehouse.snowflake.*} key is given. */
        public static Snowflake defaults() {
            return new Snowflake(null, null, null, null, null, null, null, "PLAYLOG", "BRONZE", "SILVER", "GOLD", "LISTENS",
                    "PLAYLOG_LAKE", null, 443, true, false, true, null, null, null, null, null, 60);
        }

        /** The server's host name: {@link #host()} or the account's public endpoint. */
        public String serverName() {
            return present(host) ? host : account + ".snowflakecomputing.com";
        }

        public boolean keyPair() {
            return present(privateKeyFile);
        }

        static boolean present(String value) {
            return value != null && !value.isBlank();
        }

        @Override
        public String toString() {
            return "Snowflake[account=" + account + ", user=" + user + ", password=" + mask(password) + ", privateKeyFile="
                    + privateKeyFile + ", privateKeyPassphrase=" + mask(privateKeyPassphrase) + ", role=" + role
                    + ", warehouse=" + warehouse + ", database=" + database + ", bronzeSchema=" + bronzeSchema
                    + ", silverSchema=" + silverSchema + ", goldSchema=" + goldSchema + ", table=" + table + ", stage=" + stage
                    + ", host=" + host + ", port=" + port + ", ssl=" + ssl + ", bootstrap=" + bootstrap
                    + ", createLakeObjects=" + createLakeObjects + ", stageUrl=" + stageUrl + ", stageEndpoint=" + stageEndpoint
                    + ", storageIntegration=" + storageIntegration + ", stageAccessKey=" + mask(stageAccessKey)
                    + ", stageSecretKey=" + mask(stageSecretKey) + ", loginTimeoutSeconds=" + loginTimeoutSeconds + "]";
        }

        private static String mask(String secret) {
            return present(secret) ? "****" : "";
        }
    }
}
