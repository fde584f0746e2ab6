package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.embedded.EmbeddedS3Server;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.LakeProperties;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake writer commits Kafka offsets only after its objects are on S3, and loses nothing while S3 is down. */
class LakeCommitIT {

    @TempDir
    Path data;

    private PlaylogInstance app;
    private final BehaviouralGenerator generator = new BehaviouralGenerator(5, 30, 100);
    private int produced;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private void produce(int count) throws Exception {
        KafkaProperties kafka = app.bean(KafkaProperties.class);
        ListenEventCodec codec = app.bean(ListenEventCodec.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < count; i++) {
                ListenEvent e = generator.next(Simulator.simulatedTime(Instant.parse("2026-11-10T12:00:00Z"), 10, produced++));
                producer.send(new ProducerRecord<>(kafka.topic(), e.userId(), codec.encode(e)));
            }
            producer.flush();
        }
    }

    private long committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                app.bean(KafkaProperties.class).bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(app.bean(LakeProperties.class).groupId()).partitionsToOffsetAndMetadata()
                    .get().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    /** Counts redelivery attempts of the lake-write route as Camel reports them. */
    private AtomicInteger watchLakeRedeliveries() throws Exception {
        AtomicInteger redeliveries = new AtomicInteger();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeRedeliveryEvent e && "lake-write".equals(e.getExchange().getFromRouteId())) {
                    redeliveries.incrementAndGet();
                }
            }
        };
        CamelContext camel = app.bean(CamelContext.class);
        camel.getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
        return redeliveries;
    }

    @Test
    void commitsOffsetsOnlyAfterUploadAndCatchesUpWhenStorageReturns() throws Exception {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.enabled", false)
                .with("playlog.lake.max-records", 100)
                .with("playlog.lake.max-age-ms", 300)
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .start();

        produce(100);
        await().atMost(Duration.ofSeconds(60)).until(() -> committed() == 100);
        assertThat(LakeContents.read(app.context(), data.resolve("scratch")).rows()).hasSize(100);

        EmbeddedS3Server s3 = app.bean(EmbeddedS3Server.class);
        s3.close();
        AtomicInteger redeliveries = watchLakeRedeliveries();
        produce(50);
        await().atMost(Duration.ofSeconds(60)).until(() -> redeliveries.get() >= 3);
        assertThat(committed()).as("nothing committed while uploads fail").isEqualTo(100);

        s3.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> committed() == 150);
        LakeContents lake = LakeContents.read(app.context(), data.resolve("scratch"));
        assertThat(lake.rows()).hasSize(150);
        Map<String, Long> perRecord = lake.rows().stream()
                .collect(Collectors.groupingBy(r -> r.partition() + "@" + r.offset(), Collectors.counting()));
        assertThat(perRecord).hasSize(150).allSatisfy((record, copies) -> assertThat(copies).isEqualTo(1L));
    }
}
