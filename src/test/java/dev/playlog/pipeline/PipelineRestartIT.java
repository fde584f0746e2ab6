package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.event.ListenEvent;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import dev.playlog.runs.Run;
import dev.playlog.runs.RunHistory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the app in the middle of a stream and starts it again on the same data folder and ports: the Kafka log,
 * committed offsets, lake objects and warehouse survive; the simulator starts over and re-sends the same events
 * (same ids); every event still lands exactly once in silver and no Kafka record is in two lake objects.
 */
class PipelineRestartIT {

    private static final int N = 5_000;
    private static final int RATE = 250;
    private static final long SEED = 7L;
    private static final Instant START = Instant.parse("2026-11-19T10:00:00Z");

    @TempDir
    Path data;

    private PlaylogInstance app;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyEventLandsExactlyOnceInSilverAcrossARestart() {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.seed", SEED)
                .with("playlog.simulator.users", 80)
                .with("playlog.simulator.tracks", 500)
                .with("playlog.simulator.rate", RATE)
                // the first run produces the first half only, so the stop is mid-stream by construction, however
                // fast or slow this machine is; the second run re-sends that half and goes on to N
                .with("playlog.simulator.max-events", N / 2)
                .with("playlog.simulator.start-time", START.toString())
                .with("playlog.lake.max-records", 400)
                .with("playlog.lake.max-age-ms", 500)
                .with("playlog.warehouse.refresh-cron", "0/2 * * * * ?")
                .with("playlog.dbt.cron", "0/5 * * * * ?")
                .start();

        // first run: stop once part of the stream is in the lake (lake-write may still be writing)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> LakeContents.read(app.context(), data.resolve("scratch")).rows().size() >= 1_000);
        long producedBeforeStop = app.bean(Simulator.class).produced();
        await().atMost(Duration.ofSeconds(60)).until(() -> !app.bean(RunHistory.class).list(null, 1, 0).isEmpty());
        List<Run> runsBeforeStop = app.bean(RunHistory.class).list(null, 1_000, 0);
        app.stop();
        assertThat(producedBeforeStop).as("stopped mid-stream").isPositive().isLessThanOrEqualTo(N / 2);

        // second run on the same folder and ports, now producing the whole stream
        app.with("playlog.simulator.max-events", N).start();
        Set<String> expectedIds = expectedEventIds();
        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            WarehouseContents w = WarehouseContents.read(app.context());
            return w.silverDistinctEvents() == N && w.bronzeRows() >= N + producedBeforeStop;
        });

        LakeContents lake = LakeContents.read(app.context(), data.resolve("scratch"));
        // the re-sent events are in Kafka and the lake twice, with their original ids ...
        assertThat(lake.rows().size()).isGreaterThanOrEqualTo((int) (N + producedBeforeStop));
        assertThat(lake.rows().stream().map(LakeContents.Row::eventId).collect(Collectors.toSet())).isEqualTo(expectedIds);
        // ... but no Kafka record was written into two objects, and no object key repeats
        Map<String, Long> perRecord = lake.rows().stream()
                .collect(Collectors.groupingBy(r -> r.partition() + "@" + r.offset(), Collectors.counting()));
        assertThat(perRecord.values()).containsOnly(1L);
        assertThat(new HashSet<>(lake.keys())).hasSameSizeAs(lake.keys());

        // the run history survived the restart, and numbering went on after it
        List<Run> runs = app.bean(RunHistory.class).list(null, 1_000, 0);
        assertThat(runs).containsAll(runsBeforeStop);
        assertThat(runs.get(0).id()).isGreaterThan(runsBeforeStop.get(0).id());

        WarehouseContents warehouse = WarehouseContents.read(app.context());
        assertThat(warehouse.silverRows()).isEqualTo(N);
        assertThat(warehouse.silverDistinctEvents()).isEqualTo(N);
    }

    private static Set<String> expectedEventIds() {
        BehaviouralGenerator generator = new BehaviouralGenerator(SEED, 80, 500);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < N; i++) {
            ListenEvent e = generator.next(Simulator.simulatedTime(START, RATE, i));
            ids.add(e.eventId());
        }
        assertThat(ids).hasSize(N);
        return ids;
    }
}
