package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.DeadLetters;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3Properties;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Records that cannot be dead-lettered as they are (larger than the dead-letter producer's request limit) are
 * dead-lettered reduced with their value kept in the bucket, and their partition moves on; every other dead letter
 * arrives byte for byte: key bytes, headers in order, tombstones. Real embedded Kafka broker and S3 server.
 */
class DeadLetterIT {

    @TempDir
    Path data;

    private PlaylogInstance app;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    private static Map<String, Object> producerConfig(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        config.putAll(extra);
        return config;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object of exactly {@code size} bytes that breaks the contract (one unknown field). */
    private static byte[] invalidJsonOfSize(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'a');
        byte[] start = utf8("{\"x\":\"");
        System.arraycopy(start, 0, value, 0, start.length);
        value[size - 2] = '"';
        value[size - 1] = '}';
        return value;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void oversizedRecordsAreDeadLetteredReducedAndTheOthersByteForByteWhileThePartitionMovesOn() throws Exception {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.enabled", false)
                .with("playlog.lake.max-records", 100)
                .with("playlog.lake.max-age-ms", 300)
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .start();
        KafkaProperties kafka = app.bean(KafkaProperties.class);
        ListenEventCodec codec = app.bean(ListenEventCodec.class);
        BehaviouralGenerator generator = new BehaviouralGenerator(5, 30, 100);
        Instant start = Instant.parse("2026-11-10T12:00:00Z");
        List<ListenEvent> valid = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            valid.add(generator.next(Simulator.simulatedTime(start, 10, i)));
        }
        String topic = kafka.topic();

        byte[] nearLimit = invalidJsonOfSize(1_048_400);
        byte[] threeMegabytes = invalidJsonOfSize(3 * 1024 * 1024);
        byte[] binaryKey = {0, (byte) 0xFF, (byte) 0xC0, (byte) 0xAF, 'k'};
        List<Header> headers = List.of(new RecordHeader("trace", new byte[] {1, 2}), new RecordHeader("Trace", (byte[]) null),
                new RecordHeader("trace", new byte[] {(byte) 0xFE}), new RecordHeader("kafka.origin", utf8("x")));
        String json = codec.encode(valid.get(1));
        String name = "\"track_name\":\"";
        int at = json.indexOf(name) + name.length();
        java.io.ByteArrayOutputStream overlong = new java.io.ByteArrayOutputStream();
        overlong.writeBytes(utf8(json.substring(0, at)));
        overlong.writeBytes(new byte[] {'a', (byte) 0xC0, (byte) 0xAF, 'b'}); // an overlong '/'
        overlong.writeBytes(utf8(json.substring(json.indexOf('"', at))));
        byte[] withOverlong = overlong.toByteArray();
        byte[] yearZero = utf8(codec.encode(valid.get(2)).replace(valid.get(2).playedAt(), "0000-06-01T00:00:00.000Z"));

        try (KafkaProducer<byte[], byte[]> plain = new KafkaProducer<>(producerConfig(kafka.bootstrapServers(), Map.of()));
                KafkaProducer<byte[], byte[]> zstd = new KafkaProducer<>(producerConfig(kafka.bootstrapServers(), Map.of(
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024)))) {
            // all on partition 0, in this order: nothing behind an oversized record may wait
            plain.send(new ProducerRecord<>(topic, 0, utf8(valid.get(0).userId()), codec.encodeBytes(valid.get(0)))).get();
            plain.send(new ProducerRecord<>(topic, 0, utf8("near-limit"), nearLimit)).get();
            zstd.send(new ProducerRecord<>(topic, 0, utf8("three-mb"), threeMegabytes)).get();
            plain.send(new ProducerRecord<>(topic, 0, null, binaryKey, withOverlong, headers)).get();
            plain.send(new ProducerRecord<>(topic, 0, utf8("gone"), null)).get();
            plain.send(new ProducerRecord<>(topic, 0, utf8(valid.get(2).userId()), yearZero)).get();
            plain.send(new ProducerRecord<>(topic, 0, utf8(valid.get(3).userId()), codec.encodeBytes(valid.get(3)))).get();
        }

        // the partition moves on: every offset is committed, the valid records behind the oversized ones are in the lake
        await().atMost(Duration.ofSeconds(90)).until(() -> committed(kafka) == 7);
        LakeContents lake = LakeContents.read(app.context(), data.resolve("scratch"));
        assertThat(lake.rows()).extracting(LakeContents.Row::eventId)
                .containsExactlyInAnyOrder(valid.get(0).eventId(), valid.get(3).eventId());

        List<ConsumerRecord<byte[], byte[]>> deadLetters = readDeadLetters(kafka, 5);
        assertThat(deadLetters).extracting(r -> header(r, DeadLetters.SOURCE_OFFSET)).containsExactly("1", "2", "3", "4", "5");

        S3Client s3 = app.bean(S3Client.class);
        String bucket = app.bean(S3Properties.class).bucket();
        String prefix = app.bean(LakeProperties.class).deadLettersPrefix();
        Object[][] oversized = {{deadLetters.get(0), nearLimit, "near-limit", 1}, {deadLetters.get(1), threeMegabytes, "three-mb", 2}};
        for (Object[] o : oversized) {
            @SuppressWarnings("unchecked")
            ConsumerRecord<byte[], byte[]> reduced = (ConsumerRecord<byte[], byte[]>) o[0];
            byte[] original = (byte[]) o[1];
            assertThat(reduced.key()).isEqualTo(utf8((String) o[2]));
            assertThat(header(reduced, DeadLetters.FORM)).isEqualTo("reduced");
            assertThat(header(reduced, DeadLetters.REASON)).startsWith("schema v1 violated: ").contains("required field missing");
            assertThat(header(reduced, DeadLetters.SOURCE_TOPIC)).isEqualTo(topic);
            assertThat(header(reduced, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(reduced, DeadLetters.VALUE_SIZE)).isEqualTo(String.valueOf(original.length));
            assertThat(header(reduced, DeadLetters.VALUE_SHA256)).isEqualTo(sha256(original));
            assertThat(header(reduced, DeadLetters.REFUSED_AS_IS)).contains("max.request.size");
            String object = prefix + topic + "+0+" + o[3] + ".bin";
            assertThat(header(reduced, DeadLetters.PAYLOAD)).isEqualTo("s3://" + bucket + "/" + object);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(object)).asByteArray()).isEqualTo(original);
        }

        ConsumerRecord<byte[], byte[]> binary = deadLetters.get(2);
        assertThat(binary.key()).isEqualTo(binaryKey);
        assertThat(binary.value()).isEqualTo(withOverlong);
        assertThat(header(binary, DeadLetters.REASON)).startsWith("not UTF-8: ill-formed byte sequence at byte " + (at + 1));
        Header[] sent = binary.headers().toArray();
        for (int i = 0; i < headers.size(); i++) {
            assertThat(sent[i].key()).isEqualTo(headers.get(i).key());
            assertThat(sent[i].value()).isEqualTo(headers.get(i).value());
        }
        assertThat(sent[headers.size()].key()).isEqualTo(DeadLetters.REASON);

        ConsumerRecord<byte[], byte[]> tombstone = deadLetters.get(3);
        assertThat(tombstone.key()).isEqualTo(utf8("gone"));
        assertThat(tombstone.value()).as("still a tombstone").isNull();
        assertThat(header(tombstone, DeadLetters.REASON)).isEqualTo("no record value (a tombstone)");

        ConsumerRecord<byte[], byte[]> ancient = deadLetters.get(4);
        assertThat(ancient.value()).isEqualTo(yearZero);
        assertThat(header(ancient, DeadLetters.REASON)).contains("played_at: must lie between 2000-01-01T00:00:00.000Z");

        assertThat(app.bean(MeterRegistry.class).counter("playlog.lake.dead.letters.reduced").count()).isEqualTo(2.0);
        assertThat(app.bean(MeterRegistry.class).counter("playlog.lake.records.dead.lettered").count()).isEqualTo(5.0);
    }

    @Test
    void aDeadLetterTheBrokerRefusesAsTooLargeIsSentReducedAndLaterOnesStillArriveWhole() throws Exception {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.enabled", false)
                .with("playlog.lake.max-records", 100)
                .with("playlog.lake.max-age-ms", 300)
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .start();
        KafkaProperties kafka = app.bean(KafkaProperties.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // the dead-letter topic takes less than the listen topic: the producer sends, the broker refuses
            admin.incrementalAlterConfigs(Map.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, kafka.deadLetterTopic()),
                    List.of(new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry(
                            "max.message.bytes", "20000"), org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        ListenEventCodec codec = app.bean(ListenEventCodec.class);
        ListenEvent valid = new BehaviouralGenerator(5, 30, 100).next(Instant.parse("2026-11-10T12:00:00Z"));
        byte[] large = invalidJsonOfSize(100_000);
        try (KafkaProducer<byte[], byte[]> plain = new KafkaProducer<>(producerConfig(kafka.bootstrapServers(), Map.of()))) {
            plain.send(new ProducerRecord<>(kafka.topic(), 0, utf8("large"), large)).get();
            plain.send(new ProducerRecord<>(kafka.topic(), 0, utf8("small"), utf8("{not json"))).get();
            plain.send(new ProducerRecord<>(kafka.topic(), 0, utf8(valid.userId()), codec.encodeBytes(valid))).get();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> committed(kafka) == 3);
        assertThat(LakeContents.read(app.context(), data.resolve("scratch")).rows()).extracting(LakeContents.Row::eventId)
                .containsExactly(valid.eventId());

        List<ConsumerRecord<byte[], byte[]>> deadLetters = readDeadLetters(kafka, 2);
        ConsumerRecord<byte[], byte[]> reduced = deadLetters.get(0);
        assertThat(header(reduced, DeadLetters.FORM)).isEqualTo("reduced");
        assertThat(header(reduced, DeadLetters.REFUSED_AS_IS)).isNotNull().doesNotContain("max.request.size");
        assertThat(header(reduced, DeadLetters.VALUE_SHA256)).isEqualTo(sha256(large));
        String object = app.bean(LakeProperties.class).deadLettersPrefix() + kafka.topic() + "+0+0.bin";
        String bucket = app.bean(S3Properties.class).bucket();
        assertThat(app.bean(S3Client.class).getObjectAsBytes(b -> b.bucket(bucket).key(object)).asByteArray()).isEqualTo(large);
        ConsumerRecord<byte[], byte[]> whole = deadLetters.get(1);
        assertThat(header(whole, DeadLetters.FORM)).isNull();
        assertThat(whole.value()).isEqualTo(utf8("{not json"));
    }

    private long committed(KafkaProperties kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(app.bean(LakeProperties.class).groupId()).partitionsToOffsetAndMetadata()
                    .get().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(KafkaProperties kafka, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(kafka.deadLetterTopic()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        // one source partition: its dead letters keep their order only per dead-letter partition, so sort by offset
        records.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(header(r, DeadLetters.SOURCE_OFFSET))));
        assertThat(records).hasSize(expected);
        return records;
    }
}
