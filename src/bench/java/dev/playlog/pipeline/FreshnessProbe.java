package dev.playlog.pipeline;

import static org.awaitility.Awaitility.await;

import dev.playlog.dbt.DbtRunner;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How long a simulated event takes to become visible in {@code bronze.listens} and in {@code gold.fct_plays} of a
 * running instance whose simulator stamps events with the wall clock ({@code played_at} = when it was produced).
 *
 * <p>Bronze: the probe polls the bronze view under the warehouse lock and notes when each lake object (one batch of
 * one partition and hour: same partition, hour and {@code ingested_at}) is first visible; an event's freshness is
 * that moment minus its {@code played_at}. Gold: the probe runs {@code dbt build} back to back and notes after which
 * build each event is first in {@code gold.fct_plays}. Both count only events played inside the window, and drain
 * until every record the topic held at the window's end is in bronze (and was, when a build started), so slow
 * events are not left out.
 */
final class FreshnessProbe {

    /** Freshness in ms of the events played inside the window, sorted. */
    record Distribution(long[] sortedMs) {

        static Distribution of(List<Long> values) {
            return new Distribution(values.stream().mapToLong(Long::longValue).sorted().toArray());
        }

        int count() {
            return sortedMs.length;
        }

        /** Nearest-rank percentile, 0 &lt; p &lt;= 100. */
        long percentile(double p) {
            if (sortedMs.length == 0) {
                return -1;
            }
            int rank = (int) Math.ceil(p / 100.0 * sortedMs.length);
            return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, rank - 1))];
        }
    }

    /** Bronze: end-to-end freshness, and its first part (until the lake writer planned the row: {@code ingested_at}). */
    record BronzeResult(Distribution bronze, Distribution lake, long objects, long windowMs, long elapsedMs) {
    }

    record GoldResult(Distribution gold, List<Long> buildMs, long windowMs, long elapsedMs) {
    }

    private static final String VIEW = DuckDbWarehouse.BRONZE_SCHEMA + "." + DuckDbWarehouse.BRONZE_TABLE;
    /** Events played this close to the window's end may still be in the producer when the end offsets are read. */
    private static final long PRODUCER_MARGIN_MS = 1_000;

    private final DuckDbWarehouse warehouse;
    private final WarehouseLock lock;
    private final DbtRunner dbt;
    private final Admin admin;
    private final String topic;

    FreshnessProbe(DuckDbWarehouse warehouse, WarehouseLock lock, DbtRunner dbt, Admin admin, String topic) {
        this.warehouse = warehouse;
        this.lock = lock;
        this.dbt = dbt;
        this.admin = admin;
        this.topic = topic;
    }

    /** Waits until the pipeline has put something in bronze, so the window does not measure start-up. */
    void awaitFlowing(Duration timeout) {
        await("first rows in bronze").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> query("SELECT count(*) FROM " + VIEW, List.of(), rs -> rs.getLong(1)).get(0) > 0);
    }

    BronzeResult bronze(Duration window, Duration pollEvery, Duration drainTimeout) {
        long t0 = System.currentTimeMillis();
        long t1 = t0 + window.toMillis();
        Map<String, Long> firstSeen = new HashMap<>();
        await("bronze window").atMost(window.plusSeconds(30)).pollDelay(Duration.ZERO).pollInterval(pollEvery)
                .until(() -> {
                    pollObjects(firstSeen, t0);
                    return System.currentTimeMillis() >= t1;
                });
        Map<Integer, Long> ends = endOffsets(admin, topic);
        await("bronze holds every record produced in the window").atMost(drainTimeout).pollDelay(Duration.ZERO)
                .pollInterval(pollEvery).until(() -> {
                    pollObjects(firstSeen, t0);
                    return lock.withLock("benchmark: bronze completeness", () -> bronzeHolds(ends));
                });
        long elapsed = System.currentTimeMillis() - t0;
        List<Long> bronze = new ArrayList<>();
        List<Long> lake = new ArrayList<>();
        List<long[]> rows = query("SELECT kafka_partition, \"date\", \"hour\", epoch_ms(ingested_at), epoch_ms(played_at) FROM "
                + VIEW + " WHERE epoch_ms(played_at) >= ? AND epoch_ms(played_at) < ?", List.of(t0, t1 - PRODUCER_MARGIN_MS),
                rs -> {
                    Long seen = firstSeen.get(objectKey(rs));
                    return new long[] {seen == null ? -1 : seen, rs.getLong(4), rs.getLong(5)};
                });
        for (long[] row : rows) {
            if (row[0] < 0) {
                throw new IllegalStateException("A bronze row was never seen by a poll: the object key is not what it assumes");
            }
            bronze.add(row[0] - row[2]);
            lake.add(row[1] - row[2]);
        }
        return new BronzeResult(Distribution.of(bronze), Distribution.of(lake), firstSeen.size(), t1 - t0, elapsed);
    }

    GoldResult gold(Duration window, Duration drainTimeout) {
        long g0 = System.currentTimeMillis();
        long g1 = g0 + window.toMillis();
        long deadline = g1 + drainTimeout.toMillis();
        Map<String, long[]> seen = new HashMap<>(); // event_id -> {first seen, played_at}
        List<Long> builds = new ArrayList<>();
        Map<Integer, Long> ends = null;
        boolean complete = false;
        while (!complete) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Gold did not catch up within " + drainTimeout + " after the window");
            }
            if (ends == null && System.currentTimeMillis() >= g1) {
                ends = endOffsets(admin, topic);
            }
            Map<Integer, Long> endsAtStart = ends;
            // one lock hold (the lock is reentrant): what bronze holds now is what this build reads
            complete = lock.withLock("benchmark: gold freshness", () -> {
                boolean bronzeComplete = endsAtStart != null && bronzeHolds(endsAtStart);
                long start = System.nanoTime();
                dbt.build();
                long end = System.currentTimeMillis();
                builds.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                query("SELECT event_id, epoch_ms(played_at) FROM gold.fct_plays WHERE epoch_ms(played_at) >= ?", List.of(g0),
                        rs -> seen.putIfAbsent(rs.getString(1), new long[] {end, rs.getLong(2)}));
                return bronzeComplete;
            });
        }
        long elapsed = System.currentTimeMillis() - g0;
        List<Long> gold = seen.values().stream().filter(v -> v[1] < g1 - PRODUCER_MARGIN_MS).map(v -> v[0] - v[1])
                .collect(Collectors.toList());
        return new GoldResult(Distribution.of(gold), builds, g1 - g0, elapsed);
    }

    private void pollObjects(Map<String, Long> firstSeen, long since) {
        lock.withLock("benchmark: bronze poll", () -> {
            long now = System.currentTimeMillis();
            query("SELECT kafka_partition, \"date\", \"hour\", epoch_ms(ingested_at) FROM " + VIEW
                    + " WHERE epoch_ms(played_at) >= ? GROUP BY ALL", List.of(since - 60_000),
                    rs -> firstSeen.putIfAbsent(objectKey(rs), now));
            return null;
        });
    }

    /** Rows of one lake object share partition, hour and ingested_at (one batch of one partition and hour). */
    private static String objectKey(ResultSet rs) throws SQLException {
        return rs.getInt(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getLong(4);
    }

    /** Whether bronze holds every offset below {@code ends} (offsets are dense: the producer is not transactional). */
    private boolean bronzeHolds(Map<Integer, Long> ends) {
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            long held = query("SELECT count(DISTINCT kafka_offset) FROM " + VIEW + " WHERE kafka_partition = ? AND kafka_offset < ?",
                    List.of((long) end.getKey(), end.getValue()), rs -> rs.getLong(1)).get(0);
            if (held < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    static Map<Integer, Long> endOffsets(Admin admin, String topic) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p.partition(), info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the end offsets of " + topic + ": " + e, e);
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a query under the warehouse lock (reentrant, so also inside a hold) and maps every row. */
    private <T> List<T> query(String sql, List<Long> parameters, RowMapper<T> mapper) {
        return lock.withLock("benchmark query", () -> {
            try (Connection c = warehouse.connect(); PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    st.setLong(i + 1, parameters.get(i));
                }
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(mapper.map(rs));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException("Benchmark query failed: " + sql + ": " + e.getMessage(), e);
            }
        });
    }
}
