package dev.playlog.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.dbt.DbtProperties;
import dev.playlog.embedded.EmbeddedProperties;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3Properties;
import dev.playlog.security.SecurityProperties;
import dev.playlog.ops.ManagementExposureGuard;
import dev.playlog.simulator.SimulatorProperties;
import dev.playlog.warehouse.WarehouseProperties;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code docker-compose.yml} in step with the profile it runs, {@code config/application-compose.yaml}: every
 * setting the profile leaves to the environment is set for the playlog service, secrets come only from {@code .env},
 * the bucket exists before Playlog starts, ports are published on the host's loopback only, the login is on with
 * users from a mounted secrets file, and the whole resolves to a valid configuration.
 * No Docker is needed: the file is read as YAML.
 */
class DockerComposeConfigTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path PROFILE = Path.of("config", "application-compose.yaml");
    private static final String PROFILE_NAME = "compose";
    private static final String APP = "playlog";
    /** Spring placeholder: ${NAME} or ${NAME:default}. */
    private static final Pattern SPRING_PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(:[^}]*)?}");
    /** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:(:?[-?])([^}]*))?}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|ACCESS_KEY|TOKEN).*");

    private static final String USERS_SECRET = "playlog-users";
    private static Map<String, Map<String, Object>> services;
    private static Map<String, Map<String, Object>> topLevelSecrets;
    private static PropertySource<?> profile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
            topLevelSecrets = (Map<String, Map<String, Object>>) compose.get("secrets");
        }
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("compose-profile",
                new FileSystemResource(PROFILE));
        assertThat(sources).as(PROFILE + " holds one document").hasSize(1);
        profile = sources.get(0);
    }

    @Test
    void definesTheServicesNamedAfterWhatTheProfileUses() {
        assertThat(services).containsKeys("kafka", "minio", "minio-init", APP);
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:3.9.1");
        assertThat(environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092");
        assertThat(services.get(APP).get("build")).as("playlog is built from the repository's Dockerfile").isEqualTo(".");
        assertThat(Path.of("Dockerfile")).exists();
    }

    @Test
    void activatesTheComposeProfile() {
        assertThat(environment(APP).get("SPRING_PROFILES_ACTIVE")).isNotNull();
        assertThat(Arrays.stream(environment(APP).get("SPRING_PROFILES_ACTIVE").split(",")).map(String::trim))
                .contains(PROFILE_NAME);
        assertThat(PROFILE.getFileName().toString()).isEqualTo("application-" + PROFILE_NAME + ".yaml");
        assertThat(profile.getProperty("playlog.embedded.kafka.enabled")).hasToString("false");
        assertThat(profile.getProperty("playlog.embedded.s3.enabled")).hasToString("false");
    }

    @Test
    void setsEveryVariableTheProfileLeavesWithoutDefault() {
        Set<String> required = new LinkedHashSet<>();
        for (String key : ((EnumerablePropertySource<?>) profile).getPropertyNames()) {
            Matcher m = SPRING_PLACEHOLDER.matcher(String.valueOf(profile.getProperty(key)));
            while (m.find()) {
                if (m.group(2) == null) {
                    required.add(m.group(1));
                }
            }
        }
        assertThat(required).containsExactlyInAnyOrder("PLAYLOG_KAFKA_BOOTSTRAP_SERVERS", "PLAYLOG_S3_ENDPOINT",
                "PLAYLOG_S3_ACCESS_KEY", "PLAYLOG_S3_SECRET_KEY");
        Map<String, String> env = environment(APP);
        for (String name : required) {
            assertThat(env.get(name)).as(name + " in the environment of service " + APP).isNotBlank();
        }
    }

    @Test
    void takesSecretsOnlyFromTheEnvFileWithoutDefaults() throws IOException {
        Set<String> requiredVariables = new LinkedHashSet<>();
        services.forEach((service, definition) -> environment(service).forEach((name, value) -> {
            Matcher m = COMPOSE_VARIABLE.matcher(value);
            while (m.find()) {
                if (m.group(2) != null && m.group(2).endsWith("?")) {
                    requiredVariables.add(m.group(1));
                }
            }
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(value).as(service + ": " + name + " is a required variable from .env, with no default")
                        .matches("\\$\\{\\w+:\\?[^}]+}");
            }
        }));
        assertThat(requiredVariables).contains("PLAYLOG_S3_ACCESS_KEY", "PLAYLOG_S3_SECRET_KEY");
        String example = Files.readString(Path.of(".env.example"));
        for (String variable : requiredVariables) {
            assertThat(example).as(".env.example sets " + variable).containsPattern("(?m)^" + variable + "=\\S+");
        }
        assertThat(Files.readAllLines(Path.of(".gitignore"))).as(".env is never committed").contains(".env");
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).as(".env never enters the image").contains(".env");
    }

    @Test
    void createsTheBucketBeforePlaylogStarts() {
        Map<String, Object> init = services.get("minio-init");
        assertThat(dependsOn("minio-init")).containsEntry("minio", "service_healthy");
        assertThat(String.valueOf(init.get("command"))).contains("mc mb --ignore-existing")
                .contains("$$PLAYLOG_S3_BUCKET");
        assertThat(environment("minio-init").get("PLAYLOG_S3_BUCKET"))
                .as("minio-init creates the bucket playlog writes to")
                .isEqualTo(environment(APP).get("PLAYLOG_S3_BUCKET"));
        assertThat(dependsOn(APP)).containsEntry("minio-init", "service_completed_successfully")
                .containsEntry("kafka", "service_healthy");
        assertThat(environment("minio").get("MINIO_ROOT_USER")).isEqualTo(environment(APP).get("PLAYLOG_S3_ACCESS_KEY"));
        assertThat(environment("minio").get("MINIO_ROOT_PASSWORD"))
                .isEqualTo(environment(APP).get("PLAYLOG_S3_SECRET_KEY"));
    }

    @Test
    void publishesPortsOnTheHostLoopbackOnly() {
        List<String> published = new ArrayList<>();
        services.forEach((service, definition) -> {
            for (Object port : list(definition.get("ports"))) {
                published.add(service + " " + port);
                if (port instanceof Map<?, ?> longSyntax) {
                    assertThat(longSyntax.get("host_ip")).as(service + " " + port).isEqualTo("127.0.0.1");
                } else {
                    assertThat(String.valueOf(port)).as(service + " " + port).startsWith("127.0.0.1:");
                }
            }
        });
        assertThat(published).contains(APP + " 127.0.0.1:8080:8080");
    }

    @EnableConfigurationProperties({KafkaProperties.class, S3Properties.class, LakeProperties.class,
            SimulatorProperties.class, WarehouseProperties.class, DbtProperties.class, EmbeddedProperties.class,
            SecurityProperties.class})
    static class AllProperties {
    }

    @Test
    void mountsTheUsersFileTheProfileReadsAsAComposeSecret() throws IOException {
        assertThat(list(services.get(APP).get("secrets")).stream().map(String::valueOf).toList()).containsExactly(USERS_SECRET);
        assertThat(topLevelSecrets).containsKey(USERS_SECRET);
        assertThat(topLevelSecrets.get(USERS_SECRET)).containsEntry("file", "./" + USERS_SECRET);
        assertThat(profile.getProperty("playlog.security.users-file")).hasToString("/run/secrets/" + USERS_SECRET);
        assertThat(Files.readAllLines(Path.of(".gitignore"))).as("the users file is never committed").contains(USERS_SECRET);
    }

    @Test
    void resolvesToAValidConfigurationThatTheExposureGuardAccepts() {
        Map<String, Object> env = new LinkedHashMap<>();
        environment(APP).forEach((name, value) -> env.put(name, interpolate(value)));
        composeProfileRunner(env).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EmbeddedProperties.class).kafka().enabled()).isFalse();
            assertThat(context.getBean(EmbeddedProperties.class).s3().enabled()).isFalse();
            assertThat(context.getBean(KafkaProperties.class).bootstrapServers()).isEqualTo("kafka:9092");
            S3Properties s3 = context.getBean(S3Properties.class);
            assertThat(s3.endpoint()).isEqualTo("http://minio:9000");
            assertThat(s3.bucket()).isEqualTo(interpolate(environment("minio-init").get("PLAYLOG_S3_BUCKET")));
            assertThat(s3.accessKey()).isEqualTo("test-PLAYLOG_S3_ACCESS_KEY");
            assertThat(s3.secretKey()).isEqualTo("test-PLAYLOG_S3_SECRET_KEY");
            assertThat(context.getEnvironment().getProperty("server.address"))
                    .as("listens on the container's interface so Docker can forward the port").isEqualTo("0.0.0.0");
            assertThat(context.getEnvironment().getProperty("server.port"))
                    .as("the container port compose publishes").isEqualTo("8080");
            SecurityProperties security = context.getBean(SecurityProperties.class);
            assertThat(security.enabled()).as("a login, since the container listens on 0.0.0.0").isTrue();
            assertThat(security.usersFile()).isEqualTo("/run/secrets/" + USERS_SECRET);
            assertThat(security.scrapeToken()).as("no scrape token unless one is added").isNull();
        });
    }

    @Test
    void stopsStartUpWhenASecretVariableIsMissing() {
        Map<String, Object> env = new LinkedHashMap<>();
        environment(APP).forEach((name, value) -> env.put(name, interpolate(value)));
        env.remove("PLAYLOG_S3_SECRET_KEY");
        composeProfileRunner(env).run(context -> {
            assertThat(context).hasFailed();
            assertThat(StartupFailures.analyze(context.getStartupFailure()).getDescription())
                    .contains("Property: playlog.s3.secretKey")
                    .contains("Value: \"${PLAYLOG_S3_SECRET_KEY}\"")
                    .contains("Reason: is an unresolved placeholder: set the environment variable it names");
        });
    }

    @Test
    void buildsTheImageTheProfileExpects() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jdk AS build", "./mvnw", "FROM eclipse-temurin:17-jre",
                "python3-venv", "COPY routes routes", "COPY dbt dbt", "COPY config config",
                "ENV SPRING_PROFILES_ACTIVE=" + PROFILE_NAME);
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("data/", ".venv/", "target/");
    }

    /** The records and the guard, over application.yaml, the compose profile and the playlog service's environment. */
    private static ApplicationContextRunner composeProfileRunner(Map<String, Object> env) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(AllProperties.class, ManagementExposureGuard.class)
                .withInitializer(context -> {
                    MutablePropertySources sources = context.getEnvironment().getPropertySources();
                    sources.addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment", env));
                    sources.addLast(profile);
                    try {
                        new YamlPropertySourceLoader().load("defaults", new ClassPathResource("application.yaml"))
                                .forEach(sources::addLast);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Compose's interpolation with a stand-in for every variable that .env must provide. */
    private static String interpolate(String value) {
        Matcher m = COMPOSE_VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(2) != null && m.group(2).endsWith("-") ? m.group(3) : "test-" + m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    private static Map<String, String> environment(String service) {
        Object env = services.get(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
            for (Object entry : list(env)) {
                String[] kv = String.valueOf(entry).split("=", 2);
                result.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return result;
    }

    private static Map<String, String> dependsOn(String service) {
        Object deps = services.get(service).get("depends_on");
        Map<String, String> result = new LinkedHashMap<>();
        if (deps instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k),
                    v instanceof Map<?, ?> d ? String.valueOf(d.get("condition")) : "service_started"));
        } else {
            list(deps).forEach(d -> result.put(String.valueOf(d), "service_started"));
        }
        return result;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
