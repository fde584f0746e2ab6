package dev.playlog.ops;

import dev.playlog.kafka.KafkaProperties;
import dev.playlog.lake.LakeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lag of the lake-write consumer group per partition of the listens topic (log end offset minus committed offset),
 * and since when each partition's committed offset has not moved. Sampled once the app is ready and then when the
 * health endpoint or Prometheus reads it (at most once a second); a partition whose lag stays above zero without progress for
 * {@code playlog.health.lake-stall} is stalled.
 */
@Component
public class LakeLagMonitor implements DisposableBean {

    private static final Duration MIN_SAMPLE_INTERVAL = Duration.ofSeconds(1);

    /**
     * One partition's state at a sample.
     *
     * @param partition     the partition of the listens topic
     * @param endOffset     the log end offset
     * @param committed     the group's committed offset (the earliest offset when nothing is committed yet)
     * @param lag           records not yet in the lake
     * @param unchangedSince first sample that saw this committed offset
     */
    public record PartitionLag(int partition, long endOffset, long committed, long lag, Instant unchangedSince) {

        /** True when records wait and the committed offset has not moved for {@code stall}. */
        public boolean stalled(Instant now, Duration stall) {
            return lag > 0 && !unchangedSince.plus(stall).isAfter(now);
        }
    }

    private final KafkaProperties kafka;
    private final LakeProperties lake;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Integer, PartitionLag> partitions = new ConcurrentHashMap<>();
    private volatile Admin admin;
    private volatile Instant sampledAt = Instant.EPOCH;
    private volatile RuntimeException lastError;

    @Autowired
    public LakeLagMonitor(KafkaProperties kafka, LakeProperties lake, MeterRegistry registry) {
        this(kafka, lake, registry, Clock.systemUTC());
    }

    public LakeLagMonitor(KafkaProperties kafka, LakeProperties lake, MeterRegistry registry, Clock clock) {
        this.kafka = kafka;
        this.lake = lake;
        this.registry = registry;
        this.clock = clock;
    }

    /** The partitions as of a fresh sample (or one taken less than a second ago); throws when Kafka does not answer. */
    public synchronized List<PartitionLag> sample() {
        Instant now = clock.instant();
        if (now.isBefore(sampledAt.plus(MIN_SAMPLE_INTERVAL))) {
            if (lastError != null) {
                throw lastError;
            }
            return current();
        }
        sampledAt = now;
        try {
            read(now);
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e;
            throw e;
        }
        return current();
    }

    /** A Prometheus scrape samples too (at most once a second); NaN when Kafka does not answer. */
    private double lagOf(int partition) {
        try {
            sample();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        PartitionLag lag = partitions.get(partition);
        return lag == null ? Double.NaN : lag.lag();
    }

    /** A first sample once the app is up, so the per-partition gauges exist before anyone asks for health. */
    @EventListener(ApplicationReadyEvent.class)
    public void firstSample() {
        try {
            sample();
        } catch (RuntimeException e) {
            // Kafka not answering yet: health reports it, the next read samples again
        }
    }

    private List<PartitionLag> current() {
        List<PartitionLag> list = new ArrayList<>(partitions.values());
        list.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return list;
    }

    private void read(Instant now) {
        try {
            Admin a = admin();
            List<TopicPartition> topicPartitions = a.describeTopics(List.of(kafka.topic())).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(kafka.topic()).partitions().stream()
                    .map(p -> new TopicPartition(kafka.topic(), p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(lake.groupId())
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = a.listOffsets(topicPartitions.stream()
                    .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()))).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = a.listOffsets(topicPartitions.stream()
                    .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.earliest()))).all().get(5, TimeUnit.SECONDS);
            for (TopicPartition tp : topicPartitions) {
                long end = ends.get(tp).offset();
                OffsetAndMetadata offset = committed.get(tp);
                long done = offset == null ? starts.get(tp).offset() : offset.offset();
                PartitionLag before = partitions.get(tp.partition());
                Instant since = before != null && before.committed() == done ? before.unchangedSince() : now;
                if (before == null) {
                    Gauge.builder("playlog.lake.lag", this, monitor -> monitor.lagOf(tp.partition()))
                            .tag("topic", tp.topic()).tag("partition", Integer.toString(tp.partition()))
                            .description("Records of the partition not yet committed to the lake").register(registry);
                }
                partitions.put(tp.partition(), new PartitionLag(tp.partition(), end, done, Math.max(0, end - done), since));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the lake's consumer lag", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the lake's consumer lag from " + kafka.bootstrapServers() + ": "
                    + e.getMessage(), e);
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        }
        return admin;
    }

    public Instant now() {
        return clock.instant();
    }

    @Override
    public void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
