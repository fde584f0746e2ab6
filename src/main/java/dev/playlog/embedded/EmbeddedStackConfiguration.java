package dev.playlog.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The embedded default stack: an in-process Kafka broker and S3 server, each unless turned off with
 * {@code playlog.embedded.kafka.enabled=false} / {@code playlog.embedded.s3.enabled=false}.
 *
 * <p>Both are started in their factory methods, so they accept clients before Camel starts its routes, and closed by
 * Spring. {@link #camelStopsBeforeEmbeddedStack()} makes the {@code camelContext} bean depend on them, so at shutdown
 * Camel stops (and its Kafka consumers commit) before the broker and S3 server go away.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddedProperties.class)
public class EmbeddedStackConfiguration {

    /** Bean name of the {@link EmbeddedKafkaBroker}. */
    public static final String KAFKA_BEAN = "embeddedKafkaBroker";
    /** Bean name of the {@link EmbeddedS3Server}. */
    public static final String S3_BEAN = "embeddedS3Server";
    /** Bean name camel-spring-boot gives the CamelContext. */
    public static final String CAMEL_CONTEXT_BEAN = "camelContext";

    /** Loggers of the embedded servers, set to WARN unless {@code logging.level.<name>} is configured. */
    static final List<String> KAFKA_LOGGERS = List.of("kafka", "state.change.logger", "org.apache.kafka",
            "org.apache.zookeeper");
    static final List<String> S3_LOGGERS = List.of("org.gaul", "org.jclouds", "jclouds");

    @Bean(name = KAFKA_BEAN, destroyMethod = "close")
    @ConditionalOnProperty(name = "playlog.embedded.kafka.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedKafkaBroker embeddedKafkaBroker(EmbeddedProperties properties,
            @Value("${playlog.data-dir:data}") String dataDir, Environment environment,
            ObjectProvider<LoggingSystem> loggingSystem) {
        quiet(KAFKA_LOGGERS, environment, loggingSystem);
        EmbeddedProperties.Kafka kafka = properties.kafka();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Path.of(dataDir, "kafka"), kafka.host(), kafka.port(),
                kafka.controllerPort(), kafka.partitions(), EmbeddedKafkaBroker.Keys.PLAYLOG);
        broker.start();
        return broker;
    }

    @Bean(name = S3_BEAN, destroyMethod = "close")
    @ConditionalOnProperty(name = "playlog.embedded.s3.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedS3Server embeddedS3Server(EmbeddedProperties properties,
            @Value("${playlog.data-dir:data}") String dataDir,
            @Value("${playlog.s3.access-key:playlog}") String accessKey,
            @Value("${playlog.s3.secret-key:playlog-secret-key}") String secretKey,
            @Value("${playlog.s3.bucket:playlog}") String bucket, Environment environment,
            ObjectProvider<LoggingSystem> loggingSystem) {
        quiet(S3_LOGGERS, environment, loggingSystem);
        EmbeddedProperties.S3 s3 = properties.s3();
        EmbeddedS3Server server = new EmbeddedS3Server(Path.of(dataDir, "s3"), s3.host(), s3.port(), accessKey,
                secretKey, bucket, EmbeddedS3Server.Keys.PLAYLOG);
        server.start();
        return server;
    }

    /**
     * Adds the embedded servers to the {@code dependsOn} of {@code camelContext} (when both are defined), so Spring
     * stops the Camel context before them at shutdown and creates them before it at startup.
     */
    @Bean
    static BeanFactoryPostProcessor camelStopsBeforeEmbeddedStack() {
        return beanFactory -> {
            if (!beanFactory.containsBeanDefinition(CAMEL_CONTEXT_BEAN)) {
                return;
            }
            BeanDefinition camel = beanFactory.getBeanDefinition(CAMEL_CONTEXT_BEAN);
            List<String> dependsOn = new ArrayList<>();
            if (camel.getDependsOn() != null) {
                dependsOn.addAll(Arrays.asList(camel.getDependsOn()));
            }
            for (String name : List.of(KAFKA_BEAN, S3_BEAN)) {
                if (beanFactory.containsBeanDefinition(name) && !dependsOn.contains(name)) {
                    dependsOn.add(name);
                }
            }
            camel.setDependsOn(dependsOn.toArray(String[]::new));
        };
    }

    /** WARN for the given loggers, except those the user configured with {@code logging.level.<name>}. */
    private static void quiet(List<String> loggers, Environment environment,
            ObjectProvider<LoggingSystem> loggingSystem) {
        LoggingSystem logging = loggingSystem.getIfAvailable();
        if (logging == null) {
            return; // not started through SpringApplication: leave logging alone
        }
        for (String name : loggers) {
            if (!environment.containsProperty("logging.level." + name)) {
                logging.setLogLevel(name, LogLevel.WARN);
            }
        }
    }
}
