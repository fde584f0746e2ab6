package dev.playlog.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.dbt.DbtProperties;
import dev.playlog.embedded.EmbeddedProperties;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3Properties;
import dev.playlog.ops.HealthProperties;
import dev.playlog.runs.RunsProperties;
import dev.playlog.alerts.AlertsProperties;
import java.util.List;
import dev.playlog.serving.ServingProperties;
import dev.playlog.simulator.SimulatorProperties;
import dev.playlog.warehouse.WarehouseProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every {@code playlog.*} record binds a full configuration, and each bad value stops start-up with the report a
 * user sees under "APPLICATION FAILED TO START", naming the key. Boot prints a constructor-bound record's field in
 * the "Property" line in camelCase; the "Origin" line carries the key exactly as it was written.
 */
class ConfigurationValidationTest {

    @EnableConfigurationProperties({KafkaProperties.class, S3Properties.class, LakeProperties.class,
            SimulatorProperties.class, WarehouseProperties.class, DbtProperties.class, EmbeddedProperties.class,
            HealthProperties.class, ServingProperties.class, RunsProperties.class, AlertsProperties.class})
    static class AllProperties {
    }

    /** A complete, valid configuration with a non-default value for every key. */
    private static final String[] VALID = {
            "playlog.kafka.bootstrap-servers=kafka-1:9092,kafka-2:9092",
            "playlog.kafka.topic=plays",
            "playlog.kafka.dead-letter-topic=plays.dlq",
            "playlog.kafka.partitions=6",
            "playlog.kafka.replication-factor=3",
            "playlog.s3.endpoint=https://s3.example.test:9443",
            "playlog.s3.bucket=music-lake",
            "playlog.s3.region=eu-west-1",
            "playlog.s3.access-key=AKIDEXAMPLE",
            "playlog.s3.secret-key=not-a-real-secret",
            "playlog.lake.prefix=raw/v1",
            "playlog.lake.max-records=500",
            "playlog.lake.max-age-ms=2500",
            "playlog.lake.group-id=lake-writer",
            "playlog.simulator.enabled=false",
            "playlog.simulator.rate=200",
            "playlog.simulator.seed=7",
            "playlog.simulator.users=20",
            "playlog.simulator.tracks=6",
            "playlog.simulator.max-events=1000",
            "playlog.simulator.start-time=2025-01-01T00:00:00Z",
            "playlog.warehouse.type=snowflake",
            "playlog.warehouse.refresh-cron=0 0/5 * * * ?",
            "playlog.warehouse.duckdb.path=/var/lib/playlog/wh.duckdb",
            "playlog.warehouse.duckdb.mirror-dir=/var/lib/playlog/mirror",
            "playlog.warehouse.duckdb.lock-wait=45s",
            "playlog.warehouse.snowflake.account=xy12345",
            "playlog.warehouse.snowflake.user=PLAYLOG_APP",
            "playlog.warehouse.snowflake.password=not-a-real-password",
            "playlog.warehouse.snowflake.warehouse=PLAYLOG_WH",
            "playlog.dbt.project-dir=/opt/playlog/dbt",
            "playlog.dbt.profiles-dir=/opt/playlog/config",
            "playlog.dbt.target=snowflake",
            "playlog.dbt.venv=/opt/venv",
            "playlog.dbt.requirements=/opt/playlog/dbt/requirements.txt",
            "playlog.dbt.python=python3.12",
            "playlog.dbt.cron=0 0 * * * ?",
            "playlog.dbt.timeout-seconds=600",
            "playlog.dbt.exclude=test_type:unit",
            "playlog.embedded.kafka.enabled=false",
            "playlog.embedded.kafka.host=0.0.0.0",
            "playlog.embedded.kafka.port=19092",
            "playlog.embedded.kafka.controller-port=19093",
            "playlog.embedded.kafka.partitions=1",
            "playlog.embedded.s3.enabled=false",
            "playlog.embedded.s3.host=0.0.0.0",
            "playlog.embedded.s3.port=19000",
            "playlog.health.lake-stall=2m",
            "playlog.health.refresh-failures=4",
            "playlog.health.dbt-stale=1h",
            "playlog.serving.dir=/var/lib/playlog/serving",
            "playlog.serving.retain-builds=5",
            "playlog.serving.grace=2m",
            "playlog.serving.default-limit=50",
            "playlog.serving.max-limit=500",
            "playlog.serving.cache-entries=20",
            "playlog.runs.dir=/var/lib/playlog/runs",
            "playlog.runs.retain=300",
            "playlog.alerts.cron=0/30 * * * * ?",
            "playlog.alerts.cooldown=4h",
            "playlog.alerts.retries=5",
            "playlog.alerts.dir=/var/lib/playlog/alerts",
            "playlog.alerts.link=https://playlog.example.test/actuator/health",
            "playlog.alerts.email.enabled=true",
            "playlog.alerts.email.protocol=smtps",
            "playlog.alerts.email.host=smtp.example.test",
            "playlog.alerts.email.port=465",
            "playlog.alerts.email.from=playlog@example.test",
            "playlog.alerts.email.to=ops@example.test, oncall@example.test",
            "playlog.alerts.email.username=playlog",
            "playlog.alerts.email.password=not-a-real-password",
            "playlog.alerts.webhook.url=https://hooks.example.test/T0/B0/x",
            "playlog.alerts.webhook.format=json",
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(AllProperties.class)
            .withPropertyValues(VALID);

    @Test
    void bindsEveryKeyOfAFullValidConfiguration() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(KafkaProperties.class)).isEqualTo(
                    new KafkaProperties("kafka-1:9092,kafka-2:9092", "plays", "plays.dlq", 6, (short) 3));
            assertThat(context.getBean(S3Properties.class)).isEqualTo(new S3Properties(
                    "https://s3.example.test:9443", "music-lake", "eu-west-1", "AKIDEXAMPLE", "not-a-real-secret"));
            assertThat(context.getBean(LakeProperties.class)).isEqualTo(
                    new LakeProperties("raw/v1", 500, 2500, "lake-writer", 3));
            assertThat(context.getBean(SimulatorProperties.class)).isEqualTo(new SimulatorProperties(false, 200, 7,
                    20, 6, 1000, Instant.parse("2025-01-01T00:00:00Z")));
            WarehouseProperties warehouse = context.getBean(WarehouseProperties.class);
            assertThat(warehouse.type()).isEqualTo(WarehouseProperties.Type.snowflake);
            assertThat(warehouse.refreshCron()).isEqualTo("0 0/5 * * * ?");
            assertThat(warehouse.duckdb()).isEqualTo(
                    new WarehouseProperties.DuckDb("/var/lib/playlog/wh.duckdb", "/var/lib/playlog/mirror", Duration.ofSeconds(45)));
            assertThat(warehouse.snowflake()).extracting(WarehouseProperties.Snowflake::account,
                    WarehouseProperties.Snowflake::user, WarehouseProperties.Snowflake::password,
                    WarehouseProperties.Snowflake::warehouse)
                    .containsExactly("xy12345", "PLAYLOG_APP", "not-a-real-password", "PLAYLOG_WH");
            assertThat(context.getBean(DbtProperties.class)).isEqualTo(new DbtProperties("/opt/playlog/dbt",
                    "/opt/playlog/config", "snowflake", "/opt/venv", "/opt/playlog/dbt/requirements.txt",
                    "python3.12", "0 0 * * * ?", 600, "test_type:unit"));
            assertThat(context.getBean(ServingProperties.class)).isEqualTo(new ServingProperties("/var/lib/playlog/serving",
                    5, java.time.Duration.ofMinutes(2), 50, 500, 20));
            assertThat(context.getBean(RunsProperties.class)).isEqualTo(new RunsProperties("/var/lib/playlog/runs", 300));
            assertThat(context.getBean(EmbeddedProperties.class)).isEqualTo(new EmbeddedProperties(
                    new EmbeddedProperties.Kafka(false, "0.0.0.0", 19092, 19093, 1),
                    new EmbeddedProperties.S3(false, "0.0.0.0", 19000)));
            assertThat(context.getBean(HealthProperties.class)).isEqualTo(
                    new HealthProperties(Duration.ofMinutes(2), 4, Duration.ofHours(1)));
            assertThat(context.getBean(AlertsProperties.class)).isEqualTo(new AlertsProperties("0/30 * * * * ?",
                    Duration.ofHours(4), 5, "/var/lib/playlog/alerts", "https://playlog.example.test/actuator/health",
                    new AlertsProperties.Email(true, "smtps", "smtp.example.test", 465, "playlog@example.test",
                            List.of("ops@example.test", "oncall@example.test"), "playlog", "not-a-real-password"),
                    new AlertsProperties.Webhook("https://hooks.example.test/T0/B0/x", "json")));
            assertThat(context.getBean(AlertsProperties.class).email().toString()).doesNotContain("not-a-real-password");
        });
    }

    @Test
    void healthThresholdsAndTheLockWaitHaveDefaults() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(AllProperties.class)
                .withPropertyValues("playlog.kafka.bootstrap-servers=k:9092", "playlog.s3.endpoint=http://s3:9000",
                        "playlog.s3.access-key=a", "playlog.s3.secret-key=b", "playlog.warehouse.duckdb.path=w.duckdb",
                        "playlog.warehouse.duckdb.mirror-dir=mirror", "playlog.serving.dir=serving", "playlog.runs.dir=runs",
                        "playlog.alerts.dir=alerts", "playlog.alerts.link=http://127.0.0.1:8080/actuator/health")
                .run(context -> {
                    AlertsProperties alerts = context.getBean(AlertsProperties.class);
                    assertThat(alerts.cron()).isEqualTo("0 * * * * ?");
                    assertThat(alerts.cooldown()).isEqualTo(Duration.ofHours(1));
                    assertThat(alerts.email().enabled()).isFalse();
                    assertThat(alerts.webhook().enabled()).isFalse();
                    assertThat(context.getBean(HealthProperties.class)).isEqualTo(
                            new HealthProperties(Duration.ofMinutes(5), 8, Duration.ofMinutes(30)));
                    assertThat(context.getBean(WarehouseProperties.class).duckdb().lockWait())
                            .isEqualTo(WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT);
                });
    }

    @Test
    void rejectsZeroRefreshFailures() {
        assertRejected("playlog.health.refresh-failures=0", """
                Binding to target dev.playlog.ops.HealthProperties failed:

                    Property: playlog.health.refreshFailures
                    Value: "0"
                    Origin: "playlog.health.refresh-failures" from property source "test"
                    Reason: must be greater than or equal to 1
                """);
    }

    /** Boot reports a Duration by its converted value (and a nested record's without the origin line). */
    @Test
    void rejectsALakeStallUnderASecond() {
        assertRejected("playlog.health.lake-stall=500ms", """
                Binding to target dev.playlog.ops.HealthProperties failed:

                    Property: playlog.health.lakeStall
                    Value: "PT0.5S"
                    Origin: "playlog.health.lake-stall" from property source "test"
                    Reason: must be longer than or equal to 1 second
                """);
    }

    @Test
    void rejectsANegativeLockWait() {
        assertRejected("playlog.warehouse.duckdb.lock-wait=-1s", """
                Binding to target dev.playlog.warehouse.WarehouseProperties failed:

                    Property: playlog.warehouse.duckdb.lockWait
                    Value: "PT-1S"
                    Reason: must be longer than or equal to 0
                """);
    }

    @Test
    void neverPrintsTheS3SecretKey() {
        runner.run(context -> assertThat(context.getBean(S3Properties.class).toString())
                .doesNotContain("not-a-real-secret").contains("secretKey=****"));
    }

    @Test
    void rejectsZeroMaxRecords() {
        assertRejected("playlog.lake.max-records=0", """
                Binding to target dev.playlog.lake.LakeProperties failed:

                    Property: playlog.lake.maxRecords
                    Value: "0"
                    Origin: "playlog.lake.max-records" from property source "test"
                    Reason: must be greater than or equal to 1
                """);
    }

    @Test
    void rejectsAnInvalidBucketName() {
        assertRejected("playlog.s3.bucket=My_Bucket", """
                Binding to target dev.playlog.lake.S3Properties failed:

                    Property: playlog.s3.bucket
                    Value: "My_Bucket"
                    Origin: "playlog.s3.bucket" from property source "test"
                    Reason: must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit
                """);
    }

    @Test
    void rejectsAnS3EndpointWithoutScheme() {
        assertRejected("playlog.s3.endpoint=127.0.0.1:9000", """
                Binding to target dev.playlog.lake.S3Properties failed:

                    Property: playlog.s3.endpoint
                    Value: "127.0.0.1:9000"
                    Origin: "playlog.s3.endpoint" from property source "test"
                    Reason: must be an http(s) URL such as http://127.0.0.1:9000
                """);
    }

    @Test
    void rejectsABlankS3SecretKey() {
        assertRejected("playlog.s3.secret-key=", """
                Binding to target dev.playlog.lake.S3Properties failed:

                    Property: playlog.s3.secretKey
                    Value: ""
                    Origin: "playlog.s3.secret-key" from property source "test"
                    Reason: must not be blank
                """);
    }

    @Test
    void rejectsAnS3SecretKeyWhoseEnvironmentVariableIsMissing() {
        // Boot binds an unresolvable placeholder as literal text; the record must not accept it as a secret
        assertRejected("playlog.s3.secret-key=${PLAYLOG_S3_SECRET_KEY}", """
                Binding to target dev.playlog.lake.S3Properties failed:

                    Property: playlog.s3.secretKey
                    Value: "${PLAYLOG_S3_SECRET_KEY}"
                    Origin: "playlog.s3.secret-key" from property source "test"
                    Reason: is an unresolved placeholder: set the environment variable it names
                """);
    }

    @Test
    void rejectsBootstrapServersWhoseEnvironmentVariableIsMissing() {
        assertRejected("playlog.kafka.bootstrap-servers=${PLAYLOG_KAFKA_BOOTSTRAP_SERVERS}", """
                Binding to target dev.playlog.kafka.KafkaProperties failed:

                    Property: playlog.kafka.bootstrapServers
                    Value: "${PLAYLOG_KAFKA_BOOTSTRAP_SERVERS}"
                    Origin: "playlog.kafka.bootstrap-servers" from property source "test"
                    Reason: is an unresolved placeholder: set the environment variable it names
                """);
    }

    @Test
    void acceptsSecretsThatOnlyContainADollarBrace() {
        runner.withPropertyValues("playlog.s3.secret-key=abc${def}ghi")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void rejectsAnInvalidTopicName() {
        assertRejected("playlog.kafka.topic=listens/eu", """
                Binding to target dev.playlog.kafka.KafkaProperties failed:

                    Property: playlog.kafka.topic
                    Value: "listens/eu"
                    Origin: "playlog.kafka.topic" from property source "test"
                    Reason: must be 1-200 letters, digits, '.', '_' or '-'
                """);
    }

    @Test
    void rejectsABlankBootstrapServers() {
        assertRejected("playlog.kafka.bootstrap-servers=", """
                Binding to target dev.playlog.kafka.KafkaProperties failed:

                    Property: playlog.kafka.bootstrapServers
                    Value: ""
                    Origin: "playlog.kafka.bootstrap-servers" from property source "test"
                    Reason: must not be blank
                """);
    }

    @Test
    void rejectsANegativeSimulatorRate() {
        assertRejected("playlog.simulator.rate=-5", """
                Binding to target dev.playlog.simulator.SimulatorProperties failed:

                    Property: playlog.simulator.rate
                    Value: "-5"
                    Origin: "playlog.simulator.rate" from property source "test"
                    Reason: must be greater than or equal to 1
                """);
    }

    @Test
    void rejectsAnUnknownWarehouseTypeAndListsTheValidOnes() {
        FailureAnalysis analysis = failure("playlog.warehouse.type=bigquery");
        assertThat(analysis.getDescription()).isEqualToNormalizingNewlines("""
                Failed to bind properties under 'playlog.warehouse.type' to dev.playlog.warehouse.WarehouseProperties$Type:

                    Property: playlog.warehouse.type
                    Value: "bigquery"
                    Origin: "playlog.warehouse.type" from property source "test"
                    Reason: failed to convert java.lang.String to @org.springframework.boot.context.properties.bind.DefaultValue \
                @jakarta.validation.constraints.NotNull dev.playlog.warehouse.WarehouseProperties$Type \
                (caused by java.lang.IllegalArgumentException: No enum constant dev.playlog.warehouse.WarehouseProperties.Type.bigquery)""");
        assertThat(analysis.getAction()).isEqualToNormalizingNewlines("""
                Update your application's configuration. The following values are valid:

                    duckdb
                    snowflake""");
    }

    @Test
    void rejectsAnEmbeddedPortAbove65535() {
        // nested records: Boot reports no origin, but the property path is the key
        assertRejected("playlog.embedded.kafka.port=70000", """
                Binding to target dev.playlog.embedded.EmbeddedProperties failed:

                    Property: playlog.embedded.kafka.port
                    Value: "70000"
                    Reason: must be less than or equal to 65535
                """);
    }

    @Test
    void rejectsABlankDbtProjectDir() {
        assertRejected("playlog.dbt.project-dir= ", """
                Binding to target dev.playlog.dbt.DbtProperties failed:

                    Property: playlog.dbt.projectDir
                    Value: ""
                    Origin: "playlog.dbt.project-dir" from property source "test"
                    Reason: must not be blank
                """);
    }

    @Test
    void rejectsZeroRetainedBuilds() {
        assertRejected("playlog.serving.retain-builds=0", """
                Binding to target dev.playlog.serving.ServingProperties failed:

                    Property: playlog.serving.retainBuilds
                    Value: "0"
                    Origin: "playlog.serving.retain-builds" from property source "test"
                    Reason: must be greater than or equal to 1
                """);
    }

    @Test
    void rejectsANegativeGrace() {
        assertRejected("playlog.serving.grace=-1s", """
                Binding to target dev.playlog.serving.ServingProperties failed:

                    Property: playlog.serving.grace
                    Value: "PT-1S"
                    Origin: "playlog.serving.grace" from property source "test"
                    Reason: must not be negative
                """);
    }

    @Test
    void rejectsAMaxLimitAbove100000() {
        assertRejected("playlog.serving.max-limit=100001", """
                Binding to target dev.playlog.serving.ServingProperties failed:

                    Property: playlog.serving.maxLimit
                    Value: "100001"
                    Origin: "playlog.serving.max-limit" from property source "test"
                    Reason: must be less than or equal to 100000
                """);
    }

    @Test
    void rejectsABlankServingDir() {
        assertRejected("playlog.serving.dir= ", """
                Binding to target dev.playlog.serving.ServingProperties failed:

                    Property: playlog.serving.dir
                    Value: ""
                    Origin: "playlog.serving.dir" from property source "test"
                    Reason: must not be blank
                """);
    }

    /** A key of a nested record: Boot reports no Origin line for it. */
    @Test
    void rejectsAnUnknownWebhookFormat() {
        assertRejected("playlog.alerts.webhook.format=teams", """
                Binding to target dev.playlog.alerts.AlertsProperties failed:

                    Property: playlog.alerts.webhook.format
                    Value: "teams"
                    Reason: must be slack or json
                """);
    }

    @Test
    void rejectsEmailAlertsWithoutRecipients() {
        runner.withPropertyValues("playlog.alerts.email.to=").run(context -> assertThat(context.getStartupFailure())
                .rootCause().hasMessage("playlog.alerts.email.to: give at least one recipient when playlog.alerts.email.enabled is true"));
    }

    @Test
    void rejectsZeroRetainedRuns() {
        assertRejected("playlog.runs.retain=0", """
                Binding to target dev.playlog.runs.RunsProperties failed:

                    Property: playlog.runs.retain
                    Value: "0"
                    Origin: "playlog.runs.retain" from property source "test"
                    Reason: must be greater than or equal to 1
                """);
    }

    @Test
    void rejectsAMissingDuckDbPath() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(AllProperties.class)
                .withPropertyValues(java.util.Arrays.stream(VALID)
                        .filter(p -> !p.startsWith("playlog.warehouse.duckdb.path=")).toArray(String[]::new))
                .run(context -> assertThat(StartupFailures.analyze(context.getStartupFailure()).getDescription())
                        .isEqualToNormalizingNewlines("""
                                Binding to target dev.playlog.warehouse.WarehouseProperties failed:

                                    Property: playlog.warehouse.duckdb.path
                                    Value: "null"
                                    Reason: must not be blank
                                """));
    }

    private void assertRejected(String property, String description) {
        FailureAnalysis analysis = failure(property);
        assertThat(analysis.getDescription()).isEqualToNormalizingNewlines(description);
        assertThat(analysis.getAction()).isEqualTo("Update your application's configuration");
    }

    private FailureAnalysis failure(String property) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).as(property).hasFailed();
            analysis[0] = StartupFailures.analyze(context.getStartupFailure());
        });
        return analysis[0];
    }
}
