package dev.playlog.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedStackConfigurationIT {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class))
                .withUserConfiguration(EmbeddedStackConfiguration.class)
                .withPropertyValues("playlog.data-dir=" + dataDir);
    }

    @Test
    void startsBothServersBeforeCamelAndStopsCamelFirst() {
        int kafkaPort = FreePorts.next();
        int controllerPort = FreePorts.next();
        int s3Port = FreePorts.next();
        AtomicReference<String> atCamelStop = new AtomicReference<>();
        AtomicReference<EmbeddedKafkaBroker> brokerRef = new AtomicReference<>();
        AtomicReference<EmbeddedS3Server> s3Ref = new AtomicReference<>();

        runner().withPropertyValues(
                        "playlog.embedded.kafka.port=" + kafkaPort,
                        "playlog.embedded.kafka.controller-port=" + controllerPort,
                        "playlog.embedded.kafka.partitions=2",
                        "playlog.embedded.s3.port=" + s3Port,
                        "playlog.s3.bucket=lake")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EmbeddedKafkaBroker broker = context.getBean(EmbeddedKafkaBroker.class);
                    EmbeddedS3Server s3 = context.getBean(EmbeddedS3Server.class);
                    brokerRef.set(broker);
                    s3Ref.set(s3);
                    assertThat(broker.isRunning()).isTrue();
                    assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + kafkaPort);
                    assertThat(broker.logDir()).isEqualTo(dataDir.resolve("kafka").toAbsolutePath());
                    assertThat(s3.isRunning()).isTrue();
                    assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + s3Port);
                    assertThat(s3.bucket()).isEqualTo("lake");
                    assertThat(s3.root()).isEqualTo(dataDir.resolve("s3").toAbsolutePath());
                    assertThat(dataDir.resolve("s3").resolve("lake")).isDirectory();

                    assertThat(context.getBeanFactory().getBeanDefinition(EmbeddedStackConfiguration.CAMEL_CONTEXT_BEAN)
                            .getDependsOn())
                            .contains(EmbeddedStackConfiguration.KAFKA_BEAN, EmbeddedStackConfiguration.S3_BEAN);

                    CamelContext camel = context.getBean(CamelContext.class);
                    camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                        @Override
                        public void notify(CamelEvent event) {
                            if (event instanceof CamelEvent.CamelContextStoppedEvent) {
                                atCamelStop.set("kafka running=" + broker.isRunning() + ", s3 running="
                                        + s3.isRunning());
                            }
                        }
                    });
                });

        assertThat(atCamelStop.get()).isEqualTo("kafka running=true, s3 running=true");
        assertThat(brokerRef.get().isRunning()).isFalse();
        assertThat(s3Ref.get().isRunning()).isFalse();
    }

    @Test
    void defaultsBindAndBothServersCanBeTurnedOff() {
        runner().withPropertyValues("playlog.embedded.kafka.enabled=false", "playlog.embedded.s3.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EmbeddedKafkaBroker.class);
                    assertThat(context).doesNotHaveBean(EmbeddedS3Server.class);
                    assertThat(context.getBeanFactory().getBeanDefinition(EmbeddedStackConfiguration.CAMEL_CONTEXT_BEAN)
                            .getDependsOn())
                            .doesNotContain(EmbeddedStackConfiguration.KAFKA_BEAN, EmbeddedStackConfiguration.S3_BEAN);

                    EmbeddedProperties properties = context.getBean(EmbeddedProperties.class);
                    assertThat(properties.kafka()).isEqualTo(new EmbeddedProperties.Kafka(false, "127.0.0.1", 9092,
                            9093, 3));
                    assertThat(properties.s3()).isEqualTo(new EmbeddedProperties.S3(false, "127.0.0.1", 9000));
                });
    }

    @Test
    void anOutOfRangePortIsRejectedWithItsKey() {
        runner().withPropertyValues("playlog.embedded.kafka.enabled=false", "playlog.embedded.s3.enabled=false",
                        "playlog.embedded.kafka.port=70000")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("playlog.embedded.kafka.port"));
    }

    @Test
    void aTakenS3PortFailsStartupWithTheKeyToChange() throws Exception {
        try (ServerSocket taken = FreePorts.occupy()) {
            runner().withPropertyValues("playlog.embedded.kafka.enabled=false",
                            "playlog.embedded.s3.port=" + taken.getLocalPort())
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(cause(context.getStartupFailure(), PortInUseException.class))
                                .hasMessageContaining("Port " + taken.getLocalPort() + " for the embedded S3 server")
                                .hasMessageContaining("set playlog.embedded.s3.port to a free port");
                    });
        }
    }

    private static Throwable cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in the causes of " + failure, failure);
    }
}
