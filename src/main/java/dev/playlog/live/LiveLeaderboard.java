package dev.playlog.live;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.kafka.KafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The live leaderboard: a Kafka Streams topology inside the app that counts streams of at least
 * {@code playlog.live.min-ms-played} per track and per artist, per country, in two hopping event-time windows (the
 * short and the long board), exactly once, with in-memory stores backed by changelog topics on the same Kafka (a
 * restart restores them). Kafka Streams because it is the standard in-JVM stateful processor over Kafka: windows,
 * late events, exactly-once and changelog-backed state come with it. The boards are read by {@link LiveController}.
 */
public class LiveLeaderboard implements SmartLifecycle {

    /** Which board: its window store and sizes. */
    public enum Board { SHORT, LONG }

    /** Tracks or artists. */
    public enum Kind { TRACK, ARTIST }

    /** One entry of a board: the id, its display name, and the streams counted in the window. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(String id, String name, String artist, long streams) {
    }

    /** A board as of one window of event time. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Snapshot(Board board, Kind kind, String country, Instant windowStart, Instant windowEnd,
            Instant streamTime, List<Entry> entries) {
    }

    static final char SEP = '\u001f';
    private static final Logger LOG = LoggerFactory.getLogger(LiveLeaderboard.class);

    private final LiveProperties properties;
    private final KafkaProperties kafka;
    private final MeterRegistry registry;
    private final ListenEventCodec codec = new ListenEventCodec();
    private final AtomicLong streamTime = new AtomicLong(-1);
    private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
    private KafkaStreamsMetrics metrics;

    public LiveLeaderboard(LiveProperties properties, KafkaProperties kafka, MeterRegistry registry) {
        this.properties = properties;
        this.kafka = kafka;
        this.registry = registry;
    }

    static String store(Board board) {
        return "live-" + board.name().toLowerCase() + "-counts";
    }

    Duration size(Board board) {
        return board == Board.SHORT ? properties.shortWindow() : properties.longWindow();
    }

    Duration advance(Board board) {
        return board == Board.SHORT ? properties.shortAdvance() : properties.longAdvance();
    }

    /** Keys of the counts: kind, country, id, then the names for display. */
    static String key(Kind kind, String country, String id, String name, String artist) {
        return (kind == Kind.TRACK ? "t" : "a") + SEP + (country == null ? "" : country) + SEP + id + SEP
                + (name == null ? "" : name) + SEP + (artist == null ? "" : artist);
    }

    Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        TimestampExtractor playedAt = (record, partitionTime) -> {
            Object value = record.value();
            if (value instanceof byte[] bytes) {
                long at = playedAtMillis(bytes);
                if (at > 0) {
                    return at;
                }
            }
            return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
        };
        KStream<String, String> counted = builder.stream(kafka.topic(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withTimestampExtractor(playedAt))
                .flatMap((key, value) -> {
                    ListenEvent event = decode(value);
                    if (event == null || !event.isStream() || event.msPlayed() < properties.minMsPlayed()) {
                        return List.<KeyValue<String, String>>of();
                    }
                    return List.of(
                            KeyValue.pair(key(Kind.TRACK, event.country(), event.trackId(), event.trackName(), event.artistName()), ""),
                            KeyValue.pair(key(Kind.ARTIST, event.country(), event.artistId(), event.artistName(), null), ""));
                });
        for (Board board : Board.values()) {
            Duration size = size(board);
            Duration retention = size.plus(properties.grace()).plus(advance(board)).plus(size);
            counted.groupByKey(Grouped.with("live-" + board.name().toLowerCase(), Serdes.String(), Serdes.String()))
                    .windowedBy(TimeWindows.ofSizeAndGrace(size, properties.grace()).advanceBy(advance(board)))
                    .count(Materialized.<String, Long>as(Stores.inMemoryWindowStore(store(board), retention, size, false))
                            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()).withCachingDisabled()
                            // the broker's time-based retention must follow arrival, not event time: a backfill of
                            // last month's plays would otherwise have its changelog deleted, and a restart lose it
                            .withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
        }
        return builder.build();
    }

    private ListenEvent decode(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            ListenEvent event = codec.decode(value);
            long at = Instant.parse(event.playedAt()).toEpochMilli();
            streamTime.accumulateAndGet(at, Math::max);
            return event;
        } catch (RuntimeException e) {
            return null; // invalid records are lake-write's business (dead letters); here they just do not count
        }
    }

    private long playedAtMillis(byte[] value) {
        try {
            // the fast check the lake writer uses: no ListenEvent is built here, flatMap decodes the record once
            return Instant.parse(codec.playedAtOfValid(value, codec.latestPlayedAt())).toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    Properties config() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return p;
    }

    @Override
    public synchronized void start() {
        if (streams.get() != null) {
            return;
        }
        KafkaStreams created = new KafkaStreams(topology(), config());
        created.setUncaughtExceptionHandler(e -> {
            LOG.error("Live leaderboard: the stream thread failed ({}); replacing it", e.toString());
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        created.setStateListener((now, before) -> LOG.info("Live leaderboard: {} -> {}", before, now));
        metrics = new KafkaStreamsMetrics(created);
        metrics.bindTo(registry);
        created.start();
        streams.set(created);
        LOG.info("Live leaderboard started: {} over {}, windows {} (every {}) and {} (every {})", properties.applicationId(),
                kafka.topic(), properties.shortWindow(), properties.shortAdvance(), properties.longWindow(),
                properties.longAdvance());
    }

    @Override
    public synchronized void stop() {
        KafkaStreams running = streams.getAndSet(null);
        if (running == null) {
            return;
        }
        running.close(Duration.ofSeconds(30));
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        LOG.info("Live leaderboard stopped");
    }

    @Override
    public boolean isRunning() {
        return streams.get() != null;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    /** Kafka Streams' state, or NOT_RUNNING when stopped. */
    public String state() {
        KafkaStreams running = streams.get();
        return running == null ? KafkaStreams.State.NOT_RUNNING.name() : running.state().name();
    }

    /** The newest event time counted so far, or null before the first event. */
    public Instant streamTime() {
        long t = streamTime.get();
        return t < 0 ? null : Instant.ofEpochMilli(t);
    }

    /**
     * The board for the newest window holding the stream time: top {@code limit} of {@code kind}, in one country or
     * (null) all countries summed.
     */
    public Snapshot top(Board board, Kind kind, String country, int limit) {
        Instant now = streamTime();
        if (now == null) {
            return new Snapshot(board, kind, country, null, null, null, List.of());
        }
        long size = size(board).toMillis();
        long advance = advance(board).toMillis();
        long start = Math.floorDiv(now.toEpochMilli() - size, advance) * advance + advance;
        Map<String, Long> counts = counts(board, Instant.ofEpochMilli(start));
        Map<String, Entry> merged = new HashMap<>();
        String prefix = kind == Kind.TRACK ? "t" : "a";
        counts.forEach((key, streamsCounted) -> {
            String[] parts = key.split(String.valueOf(SEP), -1);
            if (!parts[0].equals(prefix) || (country != null && !country.equals(parts[1]))) {
                return;
            }
            merged.merge(parts[2], new Entry(parts[2], parts[3], parts[4].isEmpty() ? null : parts[4], streamsCounted),
                    (a, b) -> new Entry(a.id(), a.name(), a.artist(), a.streams() + b.streams()));
        });
        List<Entry> entries = new ArrayList<>(merged.values());
        entries.sort(Comparator.comparingLong(Entry::streams).reversed().thenComparing(Entry::id));
        return new Snapshot(board, kind, country, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + size), now,
                List.copyOf(entries.subList(0, Math.min(limit, entries.size()))));
    }

    /** Every count of the window of {@code board} that starts at {@code windowStart}, by store key. */
    public Map<String, Long> counts(Board board, Instant windowStart) {
        KafkaStreams running = streams.get();
        if (running == null || running.state() != KafkaStreams.State.RUNNING) {
            throw new IllegalStateException("The live leaderboard is " + state());
        }
        ReadOnlyWindowStore<String, Long> store = running.store(
                StoreQueryParameters.fromNameAndType(store(board), QueryableStoreTypes.windowStore()));
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, Long> it = store.fetchAll(windowStart, windowStart)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, Long> next = it.next();
                counts.merge(next.key.key(), next.value, Long::sum);
            }
        }
        return counts;
    }
}
