package dev.playlog.lake;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.playlog.event.InvalidEventException;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.event.ListenEventContract;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a Kafka batch into Parquet objects partitioned by event time (lake-write route). Object keys are
 * {@code <prefix>/listens/date=YYYY-MM-DD/hour=HH/<topic>+<partition>+<firstOffset>.parquet}: a batch re-consumed
 * after a crash starts at the same committed offset and therefore overwrites the same keys instead of adding
 * duplicates. Offsets are committed by {@link #commit(LakePlan)} only after the route has uploaded every object and
 * {@link DeadLetters} has sent every dead letter.
 */
@Component(LakeWriter.BEAN)
public class LakeWriter implements DisposableBean {

    public static final String BEAN = "lakeWriter";
    private static final Header[] NO_HEADERS = new Header[0];

    private static final Logger LOG = LoggerFactory.getLogger(LakeWriter.class);
    /** Upper bound of what a row adds to its record: Kafka coordinates and ingestion time. */
    private static final int ROW_SUFFIX_BYTES = 160;
    private static final int MAX_INITIAL_BUFFER = 16 * 1024 * 1024;
    private static final DateTimeFormatter INGESTED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final ListenEventCodec codec;
    private final LakeProperties lake;
    private final ParquetEncoder encoder;
    private final JsonFactory json = new JsonFactory();
    private final Clock clock;
    private final Counter recordsWritten;
    private final Counter objectsWritten;
    private final Counter deadLettered;

    @Autowired
    public LakeWriter(ListenEventCodec codec, LakeProperties lake, MeterRegistry registry,
            @Value("${playlog.data-dir:data}") Path dataDir) {
        this(codec, lake, registry, new ParquetEncoder(dataDir.resolve("tmp/lake")), Clock.systemUTC());
    }

    LakeWriter(ListenEventCodec codec, LakeProperties lake, MeterRegistry registry, ParquetEncoder encoder, Clock clock) {
        this.codec = codec;
        this.lake = lake;
        this.encoder = encoder;
        this.clock = clock;
        this.recordsWritten = Counter.builder("playlog.lake.records.written")
                .description("Listen events written to the lake as Parquet rows").register(registry);
        this.objectsWritten = Counter.builder("playlog.lake.objects.written")
                .description("Parquet objects uploaded to the lake").register(registry);
        this.deadLettered = Counter.builder("playlog.lake.records.dead.lettered")
                .description("Records sent to the dead-letter topic").register(registry);
    }

    private record Group(String date, String hour, String topic, int partition) {
    }

    /** Rows of one lake object as newline-delimited JSON (UTF-8); a batch's records arrive in offset order per partition. */
    private static final class Rows extends ByteArrayOutputStream {
        final long firstOffset;
        /** Positions of the rows' records in the batch, to write them again should DuckDB refuse their own bytes. */
        int[] records = new int[1024];
        int rowCount;
        /** {@code ,"kafka_topic":"t","kafka_partition":p,"kafka_offset":} */
        final byte[] coordinates;

        Rows(long firstOffset, String topic, int partition, int capacity) {
            super(capacity);
            this.firstOffset = firstOffset;
            // Kafka topic names are [a-zA-Z0-9._-]: nothing to escape
            this.coordinates = (",\"kafka_topic\":\"" + topic + "\",\"kafka_partition\":" + partition + ",\"kafka_offset\":")
                    .getBytes(StandardCharsets.UTF_8);
        }

        void added(int record) {
            if (rowCount == records.length) {
                records = Arrays.copyOf(records, records.length * 2);
            }
            records[rowCount++] = record;
        }

        void writeLong(long value) {
            String digits = Long.toString(value);
            ensureCapacity(count + digits.length());
            for (int i = 0; i < digits.length(); i++) {
                buf[count++] = (byte) digits.charAt(i);
            }
        }

        private void ensureCapacity(int capacity) {
            if (capacity > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
            }
        }

        byte[] buffer() {
            return buf;
        }
    }

    /** Body of the lake-write route's Kafka batch: one exchange per record. */
    public LakePlan plan(List<Exchange> batch) {
        Instant now = clock.instant();
        byte[] ingestedSuffix = (",\"ingested_at\":\"" + INGESTED.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC))
                + "\"}\n").getBytes(StandardCharsets.UTF_8);
        // the same instant as ingested_at: silver's rule (played_at at most a day after ingested_at) rejects nothing
        // this accepts, and accepts nothing this rejects
        String latestPlayedAt = ListenEventContract.latestPlayedAt(now);
        Map<Group, Rows> rows = new LinkedHashMap<>();
        Map<String, Exchange> lastRecord = new TreeMap<>();
        Map<String, Long> lastOffsets = new TreeMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        String lastTopic = null;
        int lastPartition = -1;
        String label = null;
        String lastHourPrefix = null;
        Rows lastRows = null;
        // room for every row of the batch in its first object: the usual batch is one partition and one event hour
        long estimate = 0;
        for (Exchange record : batch) {
            estimate += record.getMessage().getBody() instanceof byte[] b ? b.length + ROW_SUFFIX_BYTES : 1024;
        }
        // a guess, capped: a batch of huge invalid records must not reserve their size (the buffer grows if needed)
        int capacity = (int) Math.min(estimate, MAX_INITIAL_BUFFER);

        Map<TopicPartition, Long> owned = ownedPartitions(batch);
        boolean skipPartition = false;
        long committedOffset = -1;
        int revoked = 0;
        int repeated = 0;

        for (int index = 0; index < batch.size(); index++) {
            Exchange record = batch.get(index);
            Message in = record.getMessage();
            String topic = in.getHeader(KafkaConstants.TOPIC, String.class);
            int partition = in.getHeader(KafkaConstants.PARTITION, Integer.class);
            long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
            if (partition != lastPartition || !topic.equals(lastTopic)) {
                label = topic + "-" + partition;
                lastTopic = topic;
                lastPartition = partition;
                lastHourPrefix = null;
                TopicPartition tp = new TopicPartition(topic, partition);
                skipPartition = owned != null && !owned.containsKey(tp);
                committedOffset = owned == null || skipPartition ? -1 : owned.get(tp);
            }
            if (skipPartition) {
                // revoked while the batch filled: its new owner reads it from the committed offset. Writing it here would
                // overwrite the owner's object of the same key with fewer rows and move the committed offset back.
                revoked++;
                continue;
            }
            Long previous = lastOffsets.get(label);
            if (offset < committedOffset || previous != null && offset <= previous) {
                // below the committed offset: written and committed by the partition's owner while it was away
                // or, after a rebalance, fetched again from the committed offset into the same batch
                repeated++;
                continue;
            }
            lastRecord.put(label, record);
            lastOffsets.put(label, offset); // higher than any earlier offset of the partition: checked above
            byte[] value = bytes(in.getBody());
            try {
                String playedAt = codec.playedAtOfValid(value, latestPlayedAt);
                Rows groupRows;
                if (lastHourPrefix != null && playedAt.startsWith(lastHourPrefix)) {
                    groupRows = lastRows; // same partition and event hour as the previous record: the usual case
                } else {
                    // the contract fixes played_at to yyyy-MM-ddTHH:mm:ss.SSSZ, so date and hour are substrings
                    Group group = new Group(playedAt.substring(0, 10), playedAt.substring(11, 13), topic, partition);
                    int size = rows.isEmpty() ? capacity : 64 * 1024;
                    groupRows = rows.computeIfAbsent(group, g -> new Rows(offset, g.topic(), g.partition(), size));
                    lastHourPrefix = playedAt.substring(0, 13);
                    lastRows = groupRows;
                }
                appendRow(groupRows, value, offset, ingestedSuffix);
                groupRows.added(index);
            } catch (InvalidEventException e) {
                deadLetters.add(new DeadLetter(topic, partition, offset, key(in.getHeader(KafkaConstants.KEY)), value,
                        headers(in.getHeader(KafkaConstants.HEADERS)), e.getMessage()));
            }
        }

        List<LakeObject> objects = new ArrayList<>(rows.size());
        rows.forEach((group, groupRows) -> objects.add(new LakeObject(key(group, groupRows.firstOffset),
                encode(group, groupRows, batch, ingestedSuffix), groupRows.rowCount)));
        List<KafkaManualCommit> commits = new ArrayList<>();
        lastRecord.values().forEach(record -> {
            KafkaManualCommit commit = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                commits.add(commit);
            }
        });
        if (revoked > 0 || repeated > 0) {
            LOG.info("Lake: a rebalance happened while the batch filled: {} records of partitions now owned by another "
                    + "consumer left to it, {} records already written or delivered twice skipped; keeping {}", revoked,
                    repeated, lastOffsets.keySet());
        }
        return new LakePlan(objects, deadLetters, commits, lastOffsets, batch.size() - revoked - repeated);
    }

    /**
     * The partitions the batch's consumer owns now, with their committed offsets (-1 when none), or {@code null} when
     * the batch does not tell (no manual commits). Committed offsets matter because a partition can leave during the
     * batch and come back: meanwhile its other owner wrote and committed what this batch still holds.
     */
    private static Map<TopicPartition, Long> ownedPartitions(List<Exchange> batch) {
        if (batch.isEmpty()) {
            return null;
        }
        Object commit = batch.get(0).getMessage().getHeader(KafkaConstants.MANUAL_COMMIT);
        if (commit instanceof DefaultKafkaManualCommit manual && manual.getConsumer() != null) {
            // plan runs on the consumer's own thread, between two polls: the assignment cannot change before commit
            Set<TopicPartition> assignment = manual.getConsumer().assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = manual.getConsumer().committed(assignment);
            Map<TopicPartition, Long> owned = new HashMap<>();
            for (TopicPartition partition : assignment) {
                OffsetAndMetadata offset = committed.get(partition);
                owned.put(partition, offset == null ? -1L : offset.offset());
            }
            return owned;
        }
        return null;
    }

    /** The record's value as the route's ByteArrayDeserializer gives it; {@code null} (a tombstone) stays null. */
    private static byte[] bytes(Object body) {
        if (body == null) {
            return null;
        }
        return body instanceof byte[] b ? b : body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The record's key as the route's ByteArrayDeserializer gives it; {@code null} stays null. */
    private static byte[] key(Object key) {
        if (key == null) {
            return null;
        }
        return key instanceof byte[] b ? b : key.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The record's own headers, in their order, repeated names included ({@code kafka.HEADERS} of the consumer). */
    private static Header[] headers(Object headers) {
        return headers instanceof Headers h ? h.toArray() : NO_HEADERS;
    }

    /**
     * The group's Parquet. Should DuckDB refuse the records' own bytes although they passed the contract (which
     * refuses ill-formed UTF-8 and lone surrogates, what DuckDB's JSON reader refused so far), the rows are written
     * again from the decoded events: the same values in another JSON form, so a valid record never stalls the lake.
     */
    private byte[] encode(Group group, Rows rows, List<Exchange> batch, byte[] ingestedSuffix) {
        try {
            return encoder.encode(rows.buffer(), rows.size());
        } catch (IllegalStateException refused) {
            LOG.warn("Lake: DuckDB refused the records' own JSON for {}-{} from offset {} ({}); writing the {} rows from "
                    + "the decoded events instead", group.topic(), group.partition(), rows.firstOffset,
                    refused.getMessage(), rows.rowCount);
            Rows again = new Rows(rows.firstOffset, group.topic(), group.partition(), rows.size() + 1024);
            for (int i = 0; i < rows.rowCount; i++) {
                Message in = batch.get(rows.records[i]).getMessage();
                byte[] json = reserialize(codec.decode(bytes(in.getBody())));
                again.write(json, 0, json.length - 1);
                again.write(again.coordinates, 0, again.coordinates.length);
                again.writeLong(in.getHeader(KafkaConstants.OFFSET, Long.class));
                again.write(ingestedSuffix, 0, ingestedSuffix.length);
            }
            return encoder.encode(again.buffer(), again.size());
        }
    }

    /** Commits the batch's offsets; the route calls it after every upload and dead letter succeeded. */
    public void commit(LakePlan plan) {
        plan.commits().forEach(KafkaManualCommit::commit);
        recordsWritten.increment(plan.validRecords());
        objectsWritten.increment(plan.objects().size());
        deadLettered.increment(plan.deadLetters().size());
        LOG.info("Lake: {} records in {} objects, {} dead-lettered, committed through offsets {}", plan.validRecords(),
                plan.objects().size(), plan.deadLetters().size(), plan.lastOffsets());
        for (DeadLetter dl : plan.deadLetters()) {
            LOG.warn("Dead-lettered {}: {}", dl.coordinates(), dl.reason());
        }
    }

    String key(Group group, long firstOffset) {
        return lake.listensPrefix() + LakeSchema.DATE_PARTITION + "=" + group.date() + "/" + LakeSchema.HOUR_PARTITION
                + "=" + group.hour() + "/" + group.topic() + "+" + group.partition() + "+" + firstOffset + ".parquet";
    }

    /**
     * Appends one lake row: the record's own JSON (already checked against the contract, so it is one object with
     * exactly the contract's fields) with the Kafka coordinates and ingestion time added before its closing brace.
     * Re-serializing every event cost a fifth of the lake writer's time; only a value with a {@code \\u} escape or
     * line breaks between its tokens (a row must be one line) is written anew from the decoded event: the same
     * strings in another JSON form (the contract refused lone surrogates, the one thing a rewrite could not keep).
     */
    private void appendRow(Rows out, byte[] value, long offset, byte[] ingestedSuffix) {
        int from = 0;
        int to = value.length - 1;
        while (isWhitespace(value[from])) {
            from++;
        }
        while (isWhitespace(value[to])) {
            to--;
        }
        // value[to] is the closing brace: the decoder accepted exactly one object
        if (needsRewrite(value, from, to)) {
            byte[] json = reserialize(codec.decode(value));
            out.write(json, 0, json.length - 1);
        } else {
            out.write(value, from, to - from);
        }
        out.write(out.coordinates, 0, out.coordinates.length);
        out.writeLong(offset);
        out.write(ingestedSuffix, 0, ingestedSuffix.length);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static boolean needsRewrite(byte[] value, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = value[i];
            if (b == '\n' || b == '\r' || b == '\\' && value[i + 1] == 'u') {
                return true;
            }
        }
        return false;
    }

    /** The event as JSON in UTF-8, its strings unchanged (the contract refused lone surrogates already). */
    private byte[] reserialize(ListenEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            ListenEventCodec.writeFields(g, event);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void destroy() throws Exception {
        encoder.close();
    }
}
