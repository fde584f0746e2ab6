package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.DeadLetters;
import dev.playlog.lake.LakeProperties;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * More than 10,000 malformed records of 18 kinds, shuffled among 3,000 valid ones on every partition, through the
 * running app: every malformed record is dead-lettered exactly once (matched by its source partition and offset), every
 * valid one reaches the lake exactly once, lake-write's lag returns to 0 and health is UP afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRecordsFuzzIT {

    /** What is wrong with a record; HUGE_STRING and OVERSIZE are few because each is a megabyte. */
    enum Kind {
        RANDOM_BYTES(800), TRUNCATED_JSON(800), OVERLONG_UTF8(800), SURROGATE_UTF8(800), NOT_AN_OBJECT(800),
        MISSING_FIELD(800), WRONG_TYPE(800), OUTSIDE_ENUM(800), NUMBER_OUT_OF_RANGE(800), IMPOSSIBLE_DATE(600),
        IMPLAUSIBLE_DATE(600), DUPLICATE_KEY(600), DEEP_NESTING(300), UNKNOWN_FIELD(400), TOMBSTONE(300), EMPTY(300),
        HUGE_STRING(3), OVERSIZE(2);

        final int count;

        Kind(int count) {
            this.count = count;
        }
    }

    private static final int VALID = 3_000;
    private static final Instant START = Instant.parse("2026-11-22T08:00:00Z");

    @TempDir
    static Path data;

    private PlaylogInstance app;

    @BeforeAll
    void start() {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.enabled", false)
                .with("playlog.live.enabled", false)
                .with("playlog.lake.max-records", 2_000)
                .with("playlog.lake.max-age-ms", 500)
                .with("playlog.warehouse.refresh-cron", "0 0 0 1 1 ? 2099")
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyMalformedRecordIsDeadLetteredOnceAndEveryValidOneLandsOnce() throws Exception {
        KafkaProperties kafka = app.bean(KafkaProperties.class);
        ListenEventCodec codec = app.bean(ListenEventCodec.class);
        BehaviouralGenerator generator = new BehaviouralGenerator(17, 200, 1_000);
        Random random = new Random(20261204L);

        List<Object> plan = new ArrayList<>(); // a ListenEvent (valid) or a Kind
        for (int i = 0; i < VALID; i++) {
            plan.add(generator.next(Simulator.simulatedTime(START, 10, i)));
        }
        int malformed = 0;
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < kind.count; i++) {
                plan.add(kind);
            }
            malformed += kind.count;
        }
        assertThat(malformed).isGreaterThanOrEqualTo(10_000);
        Collections.shuffle(plan, random);

        ListenEvent template = generator.next(START);
        Map<String, Kind> sentMalformed = new HashMap<>(); // "partition@offset" -> kind
        Set<String> validIds = new HashSet<>();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024, ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Object item : plan) {
                byte[] key = ("user-" + random.nextInt(500)).getBytes(StandardCharsets.UTF_8);
                byte[] value = item instanceof ListenEvent event ? codec.encodeBytes(event)
                        : malformed((Kind) item, codec.encode(template), random);
                sent.add(producer.send(new ProducerRecord<>(kafka.topic(), key, value)));
                if (item instanceof ListenEvent event) {
                    validIds.add(event.eventId());
                }
            }
            for (int i = 0; i < plan.size(); i++) {
                RecordMetadata at = sent.get(i).get();
                if (plan.get(i) instanceof Kind kind) {
                    sentMalformed.put(at.partition() + "@" + at.offset(), kind);
                }
            }
        }
        assertThat(validIds).hasSize(VALID);
        assertThat(sentMalformed).hasSize(malformed);

        // lake-write has committed everything: its lag is back to 0
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> lag(kafka) == 0);

        // the dead letters were acknowledged before those commits: read them all
        Map<String, Integer> deadLettered = new HashMap<>();
        Map<Kind, Integer> perKind = new EnumMap<>(Kind.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "fuzz-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(kafka.deadLetterTopic()));
            long end = endOffsets(kafka, kafka.deadLetterTopic());
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= end;
            });
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String source = header(record, DeadLetters.SOURCE_PARTITION) + "@" + header(record, DeadLetters.SOURCE_OFFSET);
                assertThat(header(record, DeadLetters.REASON)).as("reason of %s", source).isNotBlank();
                deadLettered.merge(source, 1, Integer::sum);
                Kind kind = sentMalformed.get(source);
                assertThat(kind).as("dead letter %s is one of the malformed records", source).isNotNull();
                perKind.merge(kind, 1, Integer::sum);
            }
        }
        assertThat(deadLettered.keySet()).isEqualTo(sentMalformed.keySet());
        assertThat(deadLettered.values()).allMatch(n -> n == 1);
        for (Kind kind : Kind.values()) {
            assertThat(perKind.get(kind)).as("dead letters of kind %s", kind).isEqualTo(kind.count);
        }

        LakeContents lake = LakeContents.read(app.context(), data.resolve("scratch"));
        assertThat(lake.rows()).hasSize(VALID);
        assertThat(lake.rows().stream().map(LakeContents.Row::eventId).collect(Collectors.toSet())).isEqualTo(validIds);
        assertThat(app.get("/actuator/health").body()).startsWith("{\"status\":\"UP\"");
        assertThat(app.get("/actuator/prometheus").body())
                .containsPattern("playlog_lake_records_dead_lettered_total\\{[^}]*} " + malformed + "\\.0");
    }

    /** A record of {@code kind}, made from a valid event's JSON where it needs one. */
    static byte[] malformed(Kind kind, String json, Random random) {
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (0x80 | bytes[0]); // never starts like JSON
                yield bytes;
            }
            case TRUNCATED_JSON -> utf8(json.substring(0, 1 + random.nextInt(json.length() - 2)));
            case OVERLONG_UTF8 -> inTrackName(json, new byte[] {(byte) 0xC0, (byte) 0xAF});
            case SURROGATE_UTF8 -> inTrackName(json, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            case NOT_AN_OBJECT -> utf8(List.of("[1,2,3]", "42", "\"a string\"", "null", "true", "[" + json + "]")
                    .get(random.nextInt(6)));
            case MISSING_FIELD -> utf8(json.replaceFirst("\"event_id\":\"[^\"]*\",", ""));
            case WRONG_TYPE -> utf8(json.replaceFirst("\"ms_played\":(\\d+)", "\"ms_played\":\"$1\""));
            case OUTSIDE_ENUM -> utf8(json.replaceFirst("\"event_type\":\"[a-z_]+\"", "\"event_type\":\"dance\""));
            case NUMBER_OUT_OF_RANGE -> utf8(json.replaceFirst("\"ms_played\":\\d+",
                    random.nextBoolean() ? "\"ms_played\":-5" : "\"ms_played\":1e300"));
            case IMPOSSIBLE_DATE -> utf8(json.replaceFirst("\"played_at\":\"[^\"]*\"", "\"played_at\":\"2026-02-30T10:00:00.000Z\""));
            case IMPLAUSIBLE_DATE -> utf8(json.replaceFirst("\"played_at\":\"[^\"]*\"",
                    random.nextBoolean() ? "\"played_at\":\"1999-12-31T23:59:59.000Z\"" : "\"played_at\":\"2200-01-01T00:00:00.000Z\""));
            case DUPLICATE_KEY -> utf8("{\"event_id\":\"0123456789abcdef0123456789abcdef\"," + json.substring(1));
            case DEEP_NESTING -> utf8("{\"context_uri\":" + "[".repeat(5_000) + "]".repeat(5_000) + "," + json.substring(1));
            case UNKNOWN_FIELD -> utf8("{\"mood\":\"happy\"," + json.substring(1));
            case TOMBSTONE -> null;
            case EMPTY -> new byte[0];
            case HUGE_STRING -> utf8(json.replaceFirst("\"track_name\":\"[^\"]*\"", "\"track_name\":\"" + "x".repeat(1_000_000) + "\""));
            case OVERSIZE -> {
                byte[] value = new byte[1_048_400];
                Arrays.fill(value, (byte) 'a');
                byte[] open = utf8("{\"x\":\"");
                System.arraycopy(open, 0, value, 0, open.length);
                value[value.length - 2] = '"';
                value[value.length - 1] = '}';
                yield value;
            }
        };
    }

    private static byte[] inTrackName(String json, byte[] bad) {
        String name = "\"track_name\":\"";
        int at = json.indexOf(name) + name.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(json.substring(0, at)));
        out.writeBytes(bad);
        out.writeBytes(utf8(json.substring(at)));
        return out.toByteArray();
    }

    private long lag(KafkaProperties kafka) throws Exception {
        String group = app.bean(LakeProperties.class).groupId();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < kafka.partitions(); p++) {
                latest.put(new TopicPartition(kafka.topic(), p), OffsetSpec.latest());
            }
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        }
    }

    private static long endOffsets(KafkaProperties kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < kafka.partitions(); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
