package dev.playlog.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "listen-events";
    private static final String GROUP = "lake-writer";
    private static final int RECORDS = 50;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void recordsTopicsAndCommittedOffsetsSurviveARestartOnTheSameFolder() throws Exception {
        Path logDir = dataDir.resolve("kafka");
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        String clusterId;
        List<String> produced = IntStream.range(0, RECORDS).mapToObj(i -> "event-" + i).toList();

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, "127.0.0.1", port, controllerPort, 3,
                EmbeddedKafkaBroker.Keys.PLAYLOG)) {
            broker.start();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            clusterId = broker.clusterId();
            assertThat(clusterId).isNotBlank();
            String bootstrap = broker.bootstrapServers();

            try (Admin admin = admin(bootstrap)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "user-" + (i % 7), produced.get(i)));
                }
                producer.flush();
            }
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap, GROUP)) {
                consumer.subscribe(List.of(TOPIC));
                List<String> seen = pollUntil(consumer, RECORDS);
                assertThat(seen).containsExactlyInAnyOrderElementsOf(produced);
                consumer.commitSync(Duration.ofSeconds(30));
            }
            assertThat(committedTotal(bootstrap, GROUP)).isEqualTo(RECORDS);
        }

        // Same folder and ports, new broker: formatted storage, topics, records and group offsets are all kept.
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, "127.0.0.1", port, controllerPort, 3,
                EmbeddedKafkaBroker.Keys.PLAYLOG)) {
            broker.start();
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            String bootstrap = broker.bootstrapServers();

            try (Admin admin = admin(bootstrap)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
                assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(TOPIC).partitions()).hasSize(3);
            }
            assertThat(committedTotal(bootstrap, GROUP)).isEqualTo(RECORDS);

            try (KafkaConsumer<String, String> replay = consumer(bootstrap, "replay")) {
                replay.subscribe(List.of(TOPIC));
                assertThat(pollUntil(replay, RECORDS)).containsExactlyInAnyOrderElementsOf(produced);
            }

            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                producer.send(new ProducerRecord<>(TOPIC, "user-1", "after-restart")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> resumed = consumer(bootstrap, GROUP)) {
                resumed.subscribe(List.of(TOPIC));
                // the group resumes at its committed offsets: only the new record is delivered
                assertThat(pollUntil(resumed, 1)).containsExactly("after-restart");
            }
        }
    }

    @Test
    void aTakenBrokerPortFailsWithTheKeyToChange() throws Exception {
        try (ServerSocket taken = FreePorts.occupy()) {
            int port = taken.getLocalPort();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), "127.0.0.1", port,
                    FreePorts.next(), 3, EmbeddedKafkaBroker.Keys.PLAYLOG);
            assertThatThrownBy(broker::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Port " + port + " for the embedded Kafka broker is already in use: set "
                            + "playlog.embedded.kafka.port to a free port, or playlog.embedded.kafka.enabled=false and "
                            + "playlog.kafka.bootstrap-servers to use an existing broker");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void aTakenControllerPortNamesTheControllerKey() throws Exception {
        try (ServerSocket taken = FreePorts.occupy()) {
            int port = taken.getLocalPort();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), "127.0.0.1",
                    FreePorts.next(), port, 3, new EmbeddedKafkaBroker.Keys("my.kafka.port", "my.kafka.controller",
                            "my.kafka.enabled", "my.bootstrap"));
            assertThatThrownBy(broker::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Port " + port + " for the embedded Kafka controller")
                    .hasMessageContaining("set my.kafka.controller to a free port")
                    .hasMessageContaining("my.kafka.enabled=false and my.bootstrap");
        }
    }

    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                seen.add(r.value());
            }
            return seen.size() >= count;
        });
        // nothing beyond what was expected
        consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
        return seen;
    }

    private static long committedTotal(String bootstrap, String group) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Set<String> topics = offsets.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
            assertThat(topics).containsExactly(TOPIC);
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(p);
    }
}
