package dev.playlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.embedded.EmbeddedKafkaBroker;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.LakeProperties;
import dev.playlog.spotify.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** Component "lake" against a real Kafka broker: a partition with lag and no progress for the limit is DOWN. */
class LakeHealthIT {

    private static final String TOPIC = "listens";
    private static final String GROUP = "playlog-lake";

    @TempDir
    Path tmp;

    @Test
    void aPartitionWithLagAndNoProgressForTheLimitIsDownUntilItsOffsetMoves() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(tmp.resolve("kafka"), freePort(), freePort())) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            }
            produce(broker, 0, 5);

            MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            LakeLagMonitor monitor = new LakeLagMonitor(new KafkaProperties(broker.bootstrapServers(), TOPIC, "dlq", 2, (short) 1),
                    new LakeProperties("lake", 100, 1000, GROUP, 1), registry, clock);
            LakeHealthIndicator lake = new LakeHealthIndicator(monitor, new HealthProperties(Duration.ofMinutes(5), 8,
                    Duration.ofMinutes(30)));
            try {
                Health first = lake.health();
                assertThat(first.getStatus()).isEqualTo(Status.UP);
                assertThat(first.getDetails()).containsEntry("lag", Map.of("0", 5L, "1", 0L));
                assertThat(registry.get("playlog.lake.lag").tag("partition", "0").gauge().value()).isEqualTo(5.0);

                clock.advance(Duration.ofMinutes(4));
                assertThat(lake.health().getStatus()).as("lag, but not stalled for 5 minutes yet").isEqualTo(Status.UP);

                clock.advance(Duration.ofMinutes(1));
                Health stalled = lake.health();
                assertThat(stalled.getStatus()).isEqualTo(Status.DOWN);
                assertThat(stalled.getDetails().get("reason").toString())
                        .isEqualTo("1 partition(s) with lag and no progress for PT5M (playlog.health.lake-stall)");
                assertThat(stalled.getDetails()).containsEntry("stalled",
                        Map.of("0", "lag 5, committed offset 0 unchanged for 300 s"));

                commit(broker, 0, 3); // the lake writer moves on: progress, even with lag left
                clock.advance(Duration.ofSeconds(2));
                Health moving = lake.health();
                assertThat(moving.getStatus()).isEqualTo(Status.UP);
                assertThat(moving.getDetails()).containsEntry("lag", Map.of("0", 2L, "1", 0L));
                assertThat(registry.get("playlog.lake.lag").tag("partition", "0").gauge().value()).isEqualTo(2.0);
            } finally {
                monitor.destroy();
            }
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, int partition, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, partition, "k", "v" + i)).get();
            }
        }
    }

    private static void commit(EmbeddedKafkaBroker broker, int partition, long offset) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(TOPIC, partition);
            consumer.assign(List.of(tp));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
