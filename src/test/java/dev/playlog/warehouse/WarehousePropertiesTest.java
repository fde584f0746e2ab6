package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code playlog.warehouse.*} binding: one full valid Snowflake configuration, then each invalid input's message. */
class WarehousePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WarehouseProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class)
            .withPropertyValues("playlog.warehouse.duckdb.path=w.duckdb", "playlog.warehouse.duckdb.mirror-dir=mirror");

    private static final String[] VALID_SNOWFLAKE = {
            "playlog.warehouse.type=snowflake",
            "playlog.warehouse.snowflake.account=myorg-myaccount",
            "playlog.warehouse.snowflake.user=PLAYLOG_SVC",
            "playlog.warehouse.snowflake.private-key-file=/run/secrets/playlog_rsa_key.p8",
            "playlog.warehouse.snowflake.private-key-passphrase=very-secret-passphrase",
            "playlog.warehouse.snowflake.role=PLAYLOG_ROLE",
            "playlog.warehouse.snowflake.warehouse=PLAYLOG_WH",
            "playlog.warehouse.snowflake.bootstrap=true",
            "playlog.warehouse.snowflake.stage-url=s3compat://lake/",
            "playlog.warehouse.snowflake.stage-endpoint=minio.example.com",
            "playlog.warehouse.snowflake.stage-access-key=minio-key",
            "playlog.warehouse.snowflake.stage-secret-key=minio-secret"};

    private static String[] validWith(String... overrides) {
        String[] all = new String[VALID_SNOWFLAKE.length + overrides.length];
        System.arraycopy(VALID_SNOWFLAKE, 0, all, 0, VALID_SNOWFLAKE.length);
        System.arraycopy(overrides, 0, all, VALID_SNOWFLAKE.length, overrides.length);
        return all;
    }

    private void assertFails(String key, String message, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(key).hasMessageContaining(message);
        });
    }

    @Test
    void bindsAFullSnowflakeConfigurationAndNeverPrintsItsSecrets() {
        runner.withPropertyValues(VALID_SNOWFLAKE).run(context -> {
            assertThat(context).hasNotFailed();
            WarehouseProperties.Snowflake s = context.getBean(WarehouseProperties.class).snowflake();
            assertThat(s.account()).isEqualTo("myorg-myaccount");
            assertThat(s.keyPair()).isTrue();
            assertThat(s.serverName()).isEqualTo("myorg-myaccount.snowflakecomputing.com");
            assertThat(s.database()).isEqualTo("PLAYLOG");
            assertThat(s.bronzeSchema()).isEqualTo("BRONZE");
            assertThat(s.port()).isEqualTo(443);
            assertThat(s.ssl()).isTrue();
            assertThat(context.getBean(WarehouseProperties.class).toString())
                    .doesNotContain("very-secret-passphrase").doesNotContain("minio-secret").doesNotContain("minio-key");
        });
    }

    @Test
    void exposesTheWarehouseEndpointAndPointsDbtAtTheWarehouseType() throws Exception {
        org.springframework.core.env.StandardEnvironment env = new org.springframework.core.env.StandardEnvironment();
        new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("defaults", new org.springframework.core.io.ClassPathResource("application.yaml"))
                .forEach(env.getPropertySources()::addLast);
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).contains(WarehouseEndpoint.ID);
        assertThat(env.getProperty("playlog.dbt.target")).isEqualTo("duckdb");
        env.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("operator",
                java.util.Map.of("playlog.warehouse.type", "snowflake")));
        assertThat(env.getProperty("playlog.dbt.target")).as("dbt follows the warehouse").isEqualTo("snowflake");
    }

    @Test
    void duckDbNeedsNoSnowflakeKeys() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void rejectsAMissingAccount() {
        assertFails("snowflake.account", CompleteForTypeValidator.REQUIRED,
                validWith("playlog.warehouse.snowflake.account="));
    }

    @Test
    void rejectsAMissingUser() {
        assertFails("snowflake.user", CompleteForTypeValidator.REQUIRED, validWith("playlog.warehouse.snowflake.user="));
    }

    @Test
    void rejectsBothPasswordAndPrivateKey() {
        assertFails("snowflake.password", CompleteForTypeValidator.ONE_LOGIN,
                validWith("playlog.warehouse.snowflake.password=pw"));
    }

    @Test
    void rejectsNoWayToLogIn() {
        assertFails("snowflake.password", CompleteForTypeValidator.ONE_LOGIN,
                validWith("playlog.warehouse.snowflake.private-key-file="));
    }

    @Test
    void rejectsABootstrappedStageWithoutIntegrationOrKeys() {
        assertFails("snowflake.storageIntegration", CompleteForTypeValidator.STAGE_AUTH,
                validWith("playlog.warehouse.snowflake.stage-secret-key="));
    }

    @Test
    void rejectsAnS3CompatibleStageWithoutEndpoint() {
        assertFails("snowflake.stageEndpoint", CompleteForTypeValidator.ENDPOINT_NEEDED,
                validWith("playlog.warehouse.snowflake.stage-endpoint="));
    }

    @Test
    void rejectsASchemaNameThatIsNotAnIdentifier() {
        assertFails("playlog.warehouse.snowflake.bronzeSchema", "must be a Snowflake identifier",
                validWith("playlog.warehouse.snowflake.bronze-schema=bronze\"; drop"));
    }

    @Test
    void rejectsAStageUrlWithAPath() {
        assertFails("playlog.warehouse.snowflake.stageUrl", "must be s3://bucket/ or s3compat://bucket/",
                validWith("playlog.warehouse.snowflake.stage-url=s3://lake/some/path/"));
    }
}
