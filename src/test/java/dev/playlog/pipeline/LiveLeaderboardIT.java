package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.live.LiveLeaderboard;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live leaderboard on the whole embedded stack: its closed windows hold exactly what the same computation over
 * silver gives (streams of at least 30 s, per track and country, in the window's event-time range), the API and
 * the server-sent stream serve the boards, and the state comes back from its changelog after a stop and start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveLeaderboardIT {

    private static final int N = 6_000;
    private static final int RATE = 200; // events per second of simulated time: 30 s of event time
    private static final Instant START = Instant.parse("2026-11-20T12:00:00Z");
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final Duration SHORT_ADVANCE = Duration.ofSeconds(2);

    @TempDir
    static Path data;

    private PlaylogInstance app;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() {
        app = new PlaylogInstance(data)
                .with("playlog.simulator.seed", 7)
                .with("playlog.simulator.users", 150)
                .with("playlog.simulator.tracks", 60)
                .with("playlog.simulator.rate", RATE)
                .with("playlog.simulator.max-events", N)
                .with("playlog.simulator.start-time", START.toString())
                .with("playlog.lake.max-records", 1000)
                .with("playlog.lake.max-age-ms", 1000)
                .with("playlog.live.short-window", "10s")
                .with("playlog.live.short-advance", "2s")
                .with("playlog.live.long-window", "20s")
                .with("playlog.live.long-advance", "5s")
                .with("playlog.live.grace", "60s") // the three input partitions interleave: count every record
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

    @Test
    @Order(1)
    void everyWindowEqualsTheSameCountOverSilver() {
        LiveLeaderboard live = app.bean(LiveLeaderboard.class);
        Instant last = START.plusMillis((long) (N - 1) * 1000 / RATE);
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> last.equals(live.streamTime()));
        await().atMost(Duration.ofSeconds(400)).pollInterval(Duration.ofSeconds(2)).until(() -> silverRows() == N);
        List<Object[]> streams = silverStreams(); // {country/track, played_at}: one query, not one per window
        // every short window that lies within the events' time range, once the topology has caught up
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            int compared = 0;
            long total = 0;
            for (Instant start = START; !start.plus(SHORT).isAfter(last); start = start.plus(SHORT_ADVANCE)) {
                Instant from = start;
                Instant to = start.plus(SHORT);
                Map<String, Long> expected = new HashMap<>();
                for (Object[] stream : streams) {
                    Instant at = (Instant) stream[1];
                    if (!at.isBefore(from) && at.isBefore(to)) {
                        expected.merge((String) stream[0], 1L, Long::sum);
                    }
                }
                Map<String, Long> counted = new HashMap<>();
                live.counts(LiveLeaderboard.Board.SHORT, start).forEach((key, n) -> {
                    String[] parts = key.split(String.valueOf('\u001f'), -1);
                    if (parts[0].equals("t")) {
                        counted.merge(parts[1] + "/" + parts[2], n, Long::sum);
                    }
                });
                assertThat(counted).as("window from " + start).isEqualTo(expected);
                compared++;
                total += expected.values().stream().mapToLong(Long::longValue).sum();
            }
            assertThat(compared).isGreaterThanOrEqualTo(8);
            assertThat(total).as("the windows were not empty").isPositive();
        });
    }

    @Test
    @Order(2)
    void theApiServesTheTopOfTheNewestWindowAndRefusesBadParameters() throws Exception {
        HttpResponse<String> top = app.get("/api/v1/live/tracks?board=short&limit=5");
        assertThat(top.statusCode()).isEqualTo(200);
        JsonNode board = json.readTree(top.body());
        assertThat(board.at("/entries")).hasSizeBetween(1, 5);
        long first = board.at("/entries/0/streams").asLong();
        assertThat(first).isPositive();
        for (JsonNode entry : board.at("/entries")) {
            assertThat(entry.at("/streams").asLong()).isLessThanOrEqualTo(first);
        }
        Instant windowStart = Instant.parse(board.at("/window_start").asText());
        Map<String, Long> perTrack = new HashMap<>();
        for (Object[] stream : silverStreams()) {
            Instant at = (Instant) stream[1];
            if (!at.isBefore(windowStart) && at.isBefore(windowStart.plus(SHORT))) {
                String key = (String) stream[0];
                perTrack.merge(key.substring(key.indexOf('/') + 1), 1L, Long::sum);
            }
        }
        assertThat(perTrack.get(board.at("/entries/0/id").asText())).isEqualTo(first);
        assertThat(perTrack.values().stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(first);

        for (String bad : new String[] {"?board=medium", "?limit=0", "?limit=ten", "?country=de"}) {
            HttpResponse<String> response = app.get("/api/v1/live/tracks" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        }
        assertThat(app.get("/api/v1/live/albums").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void stateSurvivesAStopAndStartThroughItsChangelog() throws Exception {
        LiveLeaderboard live = app.bean(LiveLeaderboard.class);
        Map<String, Long> before = live.counts(LiveLeaderboard.Board.SHORT, START);
        assertThat(app.post("/api/v1/live/stop", null).statusCode()).isEqualTo(200);
        assertThat(live.state()).isEqualTo("NOT_RUNNING");
        assertThat(app.post("/api/v1/live/start", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(120)).until(() -> "RUNNING".equals(live.state()));
        assertThat(live.counts(LiveLeaderboard.Board.SHORT, START)).isEqualTo(before);
    }

    private long silverRows() {
        DuckDbWarehouse warehouse = app.bean(DuckDbWarehouse.class);
        return app.bean(WarehouseLock.class).withLock("test query", () -> {
            try (Connection c = warehouse.connect(); PreparedStatement st = c.prepareStatement("SELECT count(*) FROM silver.listen_events");
                    ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1L;
            } catch (SQLException e) {
                return -1L; // silver not built yet
            }
        });
    }

    /** Every stream of at least 30 s in silver: {country + "/" + track_id, played_at}. */
    private List<Object[]> silverStreams() {
        DuckDbWarehouse warehouse = app.bean(DuckDbWarehouse.class);
        return app.bean(WarehouseLock.class).withLock("test query", () -> {
            List<Object[]> rows = new ArrayList<>();
            try (Connection c = warehouse.connect(); PreparedStatement st = c.prepareStatement(
                    "SELECT coalesce(country, '') || '/' || track_id, epoch_ms(played_at) FROM silver.listen_events"
                            + " WHERE event_type IN ('play', 'skip') AND ms_played >= 30000");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))});
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return rows;
        });
    }
}
