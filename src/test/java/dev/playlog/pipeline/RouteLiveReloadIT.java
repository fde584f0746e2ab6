package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.kafka.KafkaProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live route reload on the running app: editing a copy of the route files changes what a route does without a
 * restart, touches only the edited route, and a broken edit never takes the other routes down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteLiveReloadIT {

    private static final Logger LOG = LoggerFactory.getLogger(RouteLiveReloadIT.class);

    private static final String EDITED = "simulator-produce";
    private static final String EDITED_FILE = EDITED + ".camel.yaml";
    private static final String EDITED_TOPIC = "listens-edited";
    private static final List<String> OTHERS = List.of("lake-write", "warehouse-refresh", "dbt-transform");
    /** Never fires: the reload test needs neither a warehouse refresh nor a dbt build. */
    private static final String NEVER = "0 0 0 1 1 ? 2099";
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;

    private Path routes;
    private String original;
    private PlaylogInstance app;
    private CamelContext camel;
    private RouteWatcherReloadStrategy reloader;

    @BeforeAll
    void start() throws IOException {
        routes = Files.createDirectories(tmp.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        original = Files.readString(routes.resolve(EDITED_FILE));
        app = new PlaylogInstance(tmp.resolve("data"))
                .with("playlog.routes-dir", routes.toAbsolutePath().toString())
                .with("playlog.simulator.rate", 20)
                .with("playlog.warehouse.refresh-cron", NEVER)
                .with("playlog.dbt.cron", NEVER)
                .start();
        camel = app.bean(CamelContext.class);
        reloader = camel.hasService(RouteWatcherReloadStrategy.class);
        assertThat(reloader).as("camel.main.routes-reload-enabled registers a route watcher").isNotNull();
        assertThat(reloader.getFolder()).isEqualTo(routes.toAbsolutePath().toString());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void editingARouteFileRedirectsItsOutputWithoutARestart() throws IOException {
        String topic = app.bean(KafkaProperties.class).topic();
        await().atMost(RELOAD_TIMEOUT).until(() -> totalEndOffset(topic) > 0);
        Route before = camel.getRoute(EDITED);
        Map<String, Route> othersBefore = others();
        int reloads = reloader.getReloadCounter();

        replace(EDITED_FILE, original.replace("uri: kafka:{{playlog.kafka.topic}}", "uri: kafka:" + EDITED_TOPIC));

        await().atMost(RELOAD_TIMEOUT).until(() -> reloader.getReloadCounter() > reloads);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(EDITED_TOPIC));
            await().atMost(RELOAD_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= 20;
            });
            // the old target gets nothing more once the edited route runs
            long oldTopicEnd = totalEndOffset(topic);
            int seen = records.size();
            await().atMost(RELOAD_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= seen + 20;
            });
            assertThat(totalEndOffset(topic)).as("records on %s after the edit", topic).isEqualTo(oldTopicEnd);
        }
        // a loaded machine may report one replace as more than one file event: what matters is that the edited
        // route was replaced and the others were not (below)
        assertThat(reloader.getReloadCounter()).as("reloads for one atomic replace").isGreaterThan(reloads);

        ListenEventCodec codec = app.bean(ListenEventCodec.class);
        for (ConsumerRecord<String, String> record : records) {
            ListenEvent event = codec.decode(record.value());
            assertThat(record.key()).isEqualTo(event.userId());
        }
        Route after = camel.getRoute(EDITED);
        assertThat(after).as("route %s after reload", EDITED).isNotNull().isNotSameAs(before);
        assertThat(after.getId()).isEqualTo(EDITED);
        assertThat(status(EDITED)).isEqualTo(ServiceStatus.Started);
        // guards camel.main.routes-reload-remove-all-routes=false: with Camel's default (true) every reload recreates
        // all routes, and a file that fails to parse leaves no route running at all
        assertThat(others()).as("routes other than the edited one are neither removed nor recreated")
                .isEqualTo(othersBefore);
        OTHERS.forEach(id -> assertThat(status(id)).as(id).isEqualTo(ServiceStatus.Started));
    }

    @Test
    @Order(2)
    void aBrokenEditLeavesTheOtherRoutesRunningAndRestoringTheFileBringsTheRouteBack() throws IOException {
        Map<String, Route> othersBefore = others();
        Route running = camel.getRoute(EDITED);

        // 1. not YAML: Camel fails while parsing, before it touches any route, so the edited route keeps running
        int failures = reloader.getFailedCounter();
        replace(EDITED_FILE, original.replace("    from:", "    from: [not closed"));
        await().atMost(RELOAD_TIMEOUT).until(() -> reloader.getFailedCounter() > failures);
        LOG.info("Reload of invalid YAML failed ({}); route {} afterwards: {}", reloader.lastErrorMessage(), EDITED,
                describe(EDITED));
        assertThat(camel.getRoute(EDITED)).as("%s after a parse failure", EDITED).isSameAs(running);
        assertThat(status(EDITED)).isEqualTo(ServiceStatus.Started);
        assertThat(others()).isEqualTo(othersBefore);
        OTHERS.forEach(id -> assertThat(status(id)).as(id).isEqualTo(ServiceStatus.Started));

        // 2. valid YAML naming a bean that does not exist: Camel 4.18 removes the running route first, then fails to
        // create the new one, so the edited route is gone until the file is fixed (the other routes stay untouched)
        int failuresAfterYaml = reloader.getFailedCounter();
        replace(EDITED_FILE, original.replace("ref: simulator", "ref: noSuchBean"));
        await().atMost(RELOAD_TIMEOUT).until(() -> reloader.getFailedCounter() > failuresAfterYaml);
        LOG.info("Reload naming an unknown bean failed ({}); route {} afterwards: {}", reloader.lastErrorMessage(),
                EDITED, describe(EDITED));
        assertThat(reloader.lastErrorMessage()).contains("noSuchBean");
        assertThat(camel.getRoute(EDITED)).as("%s after a failed route creation (Camel 4.18 behaviour)", EDITED).isNull();
        assertThat(others()).isEqualTo(othersBefore);
        OTHERS.forEach(id -> assertThat(status(id)).as(id).isEqualTo(ServiceStatus.Started));

        // 3. the original file again
        String topic = app.bean(KafkaProperties.class).topic();
        long topicEnd = totalEndOffset(topic);
        int reloads = reloader.getReloadCounter();
        replace(EDITED_FILE, original);
        await().atMost(RELOAD_TIMEOUT).until(() -> reloader.getReloadCounter() > reloads);
        await().atMost(RELOAD_TIMEOUT).until(() -> totalEndOffset(topic) > topicEnd + 20);
        LOG.info("Restored {}; route {} afterwards: {}", EDITED_FILE, EDITED, describe(EDITED));
        assertThat(status(EDITED)).isEqualTo(ServiceStatus.Started);
        assertThat(others()).isEqualTo(othersBefore);
        OTHERS.forEach(id -> assertThat(status(id)).as(id).isEqualTo(ServiceStatus.Started));
    }

    /**
     * Writes next to the target (a name the {@code *.yaml} reload pattern ignores) and renames it over the target, so
     * the watcher sees one event for a complete file. Writing in place gives one event for the truncation (a failed
     * reload, "Resource is empty") and one per write, so the route is reloaded once or twice per save.
     */
    private void replace(String file, String content) throws IOException {
        Path temp = routes.resolve("." + file + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, routes.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Map<String, Route> others() {
        return OTHERS.stream().collect(Collectors.toMap(id -> id, id -> {
            Route route = camel.getRoute(id);
            assertThat(route).as("route %s", id).isNotNull();
            return route;
        }));
    }

    private ServiceStatus status(String id) {
        return camel.getRouteController().getRouteStatus(id);
    }

    private String describe(String id) {
        Route route = camel.getRoute(id);
        return route == null ? "absent" : status(id) + " " + route.getEndpoint().getEndpointBaseUri();
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.bean(KafkaProperties.class).bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "route-reload-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    private long totalEndOffset(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
