package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.event.ListenEvent;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.embedded.EmbeddedS3Server;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the embedded stack with the real route files: a fixed-seed set of N simulated events
 * goes through Kafka into Parquet on S3, the warehouse refresh and dbt build; then operability endpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {

    private static final int N = 3_000;
    private static final int RATE = 1_000;
    private static final long SEED = 20261121L;
    private static final int USERS = 120;
    private static final int TRACKS = 800;
    /** Simulated time starts one second before midnight so the N events span two UTC days. */
    private static final Instant START = Instant.parse("2026-11-20T23:59:59Z");

    @TempDir
    static Path data;

    private PlaylogInstance app;

    @BeforeAll
    void start() {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.seed", SEED)
                .with("playlog.simulator.users", USERS)
                .with("playlog.simulator.tracks", TRACKS)
                .with("playlog.simulator.rate", RATE)
                .with("playlog.simulator.max-events", N)
                .with("playlog.simulator.start-time", START.toString())
                .with("playlog.lake.max-records", 500)
                .with("playlog.lake.max-age-ms", 1000)
                .with("playlog.warehouse.refresh-cron", "0/2 * * * * ?")
                .with("playlog.dbt.cron", "0/5 * * * * ?")
                .start();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static Map<String, Long> expectedDailyActiveUsers() {
        BehaviouralGenerator generator = new BehaviouralGenerator(SEED, USERS, TRACKS);
        Map<String, Set<String>> users = new TreeMap<>();
        for (int i = 0; i < N; i++) {
            ListenEvent e = generator.next(Simulator.simulatedTime(START, RATE, i));
            users.computeIfAbsent(e.playedAt().substring(0, 10), d -> new HashSet<>()).add(e.userId());
        }
        return users.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size(), (a, b) -> a, TreeMap::new));
    }

    @Test
    @Order(1)
    void everyEventReachesTheLakeExactlyOnce() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> LakeContents.read(app.context(), data.resolve("scratch")).rows().size() >= N);
        LakeContents lake = LakeContents.read(app.context(), data.resolve("scratch"));
        assertThat(lake.rows()).hasSize(N);
        assertThat(lake.rows().stream().map(LakeContents.Row::eventId).distinct()).hasSize(N);
        assertThat(lake.keys()).allMatch(k -> k.matches("lake/listens/date=2026-11-2[01]/hour=\\d\\d/listens\\+\\d\\+\\d+\\.parquet"));
        assertThat(lake.keys()).anyMatch(k -> k.contains("date=2026-11-20/hour=23")).anyMatch(k -> k.contains("date=2026-11-21/hour=00"));
    }

    @Test
    @Order(2)
    void bronzeSilverAndGoldAgreeWithTheGeneratedEvents() {
        Map<String, Long> expected = expectedDailyActiveUsers();
        assertThat(expected).hasSize(2);
        await().atMost(Duration.ofSeconds(400)).pollInterval(Duration.ofSeconds(2))
                .until(() -> WarehouseContents.read(app.context()).dailyActiveUsers().equals(expected));
        WarehouseContents warehouse = WarehouseContents.read(app.context());
        assertThat(warehouse.bronzeRows()).isEqualTo(N);
        assertThat(warehouse.silverRows()).isEqualTo(N);
        assertThat(warehouse.silverDistinctEvents()).isEqualTo(N);
        assertThat(warehouse.dailyActiveUsers()).isEqualTo(expected);
    }

    @Test
    @Order(3)
    void healthIsUpWithEveryComponent() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"kafka\":{").contains("\"s3\":{")
                .contains("\"warehouse\":{").contains("\"lake\":{\"status\":\"UP\"").contains("\"dbt\":{\"status\":\"UP\"");
    }

    @Test
    @Order(4)
    void prometheusHasRouteAndLakeMetrics() throws Exception {
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("routeId=\"lake-write\"").contains("routeId=\"simulator-produce\"");
        assertThat(metrics).containsPattern("playlog_lake_records_written_total\\{[^}]*} " + N + "\\.0");
        assertThat(metrics).containsPattern("playlog_lake_objects_written_total\\{[^}]*} [1-9]");
        assertThat(metrics).containsPattern("playlog_lake_lag\\{[^}]*partition=\"0\"[^}]*} 0\\.0");
        assertThat(metrics).containsPattern("playlog_dbt_build_seconds_count\\{[^}]*outcome=\"success\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("playlog_dbt_build_last_success_seconds\\{[^}]*} [1-9]");
        assertThat(metrics).containsPattern("playlog_warehouse_refresh_last_success_seconds\\{[^}]*} [1-9]");
    }

    @Test
    @Order(5)
    void hawtioIsServedAndJolokiaStopsAndStartsARoute() throws Exception {
        assertThat(get("/actuator/hawtio/").statusCode()).isEqualTo(200);
        String mbean = "org.apache.camel:context=playlog,type=routes,name=\"warehouse-refresh\"";
        String routes = post("/actuator/jolokia", "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}").body();
        assertThat(routes).contains("warehouse-refresh").contains("lake-write").contains("dbt-transform");
        CamelContext camel = app.bean(CamelContext.class);
        assertThat(post("/actuator/jolokia", "{\"type\":\"exec\",\"mbean\":\"" + mbean.replace("\"", "\\\"") + "\",\"operation\":\"stop()\"}")
                .body()).contains("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus("warehouse-refresh")).isEqualTo(ServiceStatus.Stopped);
        assertThat(post("/actuator/jolokia", "{\"type\":\"exec\",\"mbean\":\"" + mbean.replace("\"", "\\\"") + "\",\"operation\":\"start()\"}")
                .body()).contains("\"status\":200");
        assertThat(camel.getRouteController().getRouteStatus("warehouse-refresh")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    @Order(6)
    void invalidRecordsGoToTheDeadLetterTopicWithTheReasonAndDoNotBlockTheirPartition() throws Exception {
        KafkaProperties kafka = app.bean(KafkaProperties.class);
        ListenEventCodec codec = app.bean(ListenEventCodec.class);
        ListenEvent valid = new BehaviouralGenerator(99, 5, 20).next(Instant.parse("2026-11-22T08:00:00Z"));
        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            // same key -> same partition: the valid event comes after the two bad ones
            producer.send(new ProducerRecord<>(kafka.topic(), "same-key", "{this is not json")).get();
            producer.send(new ProducerRecord<>(kafka.topic(), "same-key",
                    codec.encode(valid).replace("\"country\":\"", "\"country\":\"x"))).get();
            producer.send(new ProducerRecord<>(kafka.topic(), "same-key", codec.encode(valid))).get();
        }
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(kafka.deadLetterTopic()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(deadLetters::add);
                return deadLetters.size() >= 2;
            });
        }
        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters).extracting(ConsumerRecord::key).containsOnly("same-key");
        assertThat(header(deadLetters.get(0), DeadLetters.REASON)).startsWith("not JSON");
        assertThat(header(deadLetters.get(1), DeadLetters.REASON)).contains("country");
        assertThat(header(deadLetters.get(1), DeadLetters.SOURCE_TOPIC)).isEqualTo(kafka.topic());
        assertThat(deadLetters.get(0).value()).isEqualTo("{this is not json");
        // the valid record behind them reached the lake
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> LakeContents.read(app.context(), data.resolve("scratch")).rows().stream()
                        .anyMatch(r -> r.eventId().equals(valid.eventId())));
        assertThat(get("/actuator/prometheus").body()).containsPattern("playlog_lake_records_dead_lettered_total\\{[^}]*} 2\\.0");
    }

    @Test
    @Order(7)
    void healthIsDownWhenTheLakeStorageStopsAnswering() throws Exception {
        app.bean(EmbeddedS3Server.class).close();
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"").containsPattern("\"s3\":\\{\"status\":\"DOWN\"");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return app.get(path);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return app.post(path, json);
    }
}
