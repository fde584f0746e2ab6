package dev.playlog.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.playlog.event.InvalidEventException;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.DefaultMessage;
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
 * sent every dead letter.
 */
@Component(LakeWriter.BEAN)
public class LakeWriter implements DisposableBean {

    public static final String BEAN = "lakeWriter";
    /** Headers of a dead-letter record (names avoid the {@code kafka.}/{@code Camel} prefixes Camel filters out). */
    public static final String DLQ_REASON = "playlog-error-reason";
    public static final String DLQ_TOPIC = "playlog-source-topic";
    public static final String DLQ_PARTITION = "playlog-source-partition";
    public static final String DLQ_OFFSET = "playlog-source-offset";

    private static final Logger LOG = LoggerFactory.getLogger(LakeWriter.class);
    private static final DateTimeFormatter INGESTED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final ListenEventCodec codec;
    private final LakeProperties lake;
    private final CamelContext camelContext;
    private final ParquetEncoder encoder;
    private final JsonFactory json = new JsonFactory();
    private final Clock clock;
    private final Counter recordsWritten;
    private final Counter objectsWritten;
    private final Counter deadLettered;

    @Autowired
    public LakeWriter(ListenEventCodec codec, LakeProperties lake, CamelContext camelContext, MeterRegistry registry,
            @Value("${playlog.data-dir:data}") Path dataDir) {
        this(codec, lake, camelContext, registry, new ParquetEncoder(dataDir.resolve("tmp/lake")), Clock.systemUTC());
    }

    LakeWriter(ListenEventCodec codec, LakeProperties lake, CamelContext camelContext, MeterRegistry registry,
            ParquetEncoder encoder, Clock clock) {
        this.codec = codec;
        this.lake = lake;
        this.camelContext = camelContext;
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

    /** Rows of one lake object as newline-delimited JSON; a batch's records arrive in offset order per partition. */
    private static final class Rows {
        final long firstOffset;
        final StringBuilder ndjson = new StringBuilder(64 * 1024);
        int count;

        Rows(long firstOffset) {
            this.firstOffset = firstOffset;
        }
    }

    /** Body of the lake-write route's Kafka batch: one exchange per record. */
    public LakePlan plan(List<Exchange> batch) {
        String ingestedAt = INGESTED.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        Map<Group, Rows> rows = new LinkedHashMap<>();
        Map<String, KafkaManualCommit> lastCommit = new TreeMap<>();
        Map<String, Long> lastOffsets = new TreeMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();

        for (Exchange record : batch) {
            Message in = record.getMessage();
            String topic = in.getHeader(KafkaConstants.TOPIC, String.class);
            int partition = in.getHeader(KafkaConstants.PARTITION, Integer.class);
            long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
            String label = topic + "-" + partition;
            KafkaManualCommit commit = in.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                lastCommit.put(label, commit);
            }
            lastOffsets.merge(label, offset, Math::max);
            String value = in.getBody(String.class);
            try {
                ListenEvent event = codec.decode(value);
                String playedAt = event.playedAt();
                // the contract fixes played_at to yyyy-MM-ddTHH:mm:ss.SSSZ, so date and hour are substrings
                Group group = new Group(playedAt.substring(0, 10), playedAt.substring(11, 13), topic, partition);
                Rows groupRows = rows.computeIfAbsent(group, g -> new Rows(offset));
                appendRow(groupRows.ndjson, value, event, topic, partition, offset, ingestedAt);
                groupRows.count++;
            } catch (InvalidEventException e) {
                deadLetters.add(new DeadLetter(topic, partition, offset, in.getHeader(KafkaConstants.KEY, String.class),
                        value, e.getMessage()));
            }
        }

        List<LakeObject> objects = new ArrayList<>(rows.size());
        rows.forEach((group, groupRows) -> objects.add(new LakeObject(key(group, groupRows.firstOffset),
                encoder.encode(groupRows.ndjson), groupRows.count)));
        return new LakePlan(objects, deadLetters, deadLetterMessages(deadLetters), List.copyOf(lastCommit.values()),
                lastOffsets, batch.size());
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
            LOG.warn("Dead-lettered {}-{}@{}: {}", dl.topic(), dl.partition(), dl.offset(), dl.reason());
        }
    }

    String key(Group group, long firstOffset) {
        return lake.listensPrefix() + LakeSchema.DATE_PARTITION + "=" + group.date() + "/" + LakeSchema.HOUR_PARTITION
                + "=" + group.hour() + "/" + group.topic() + "+" + group.partition() + "+" + firstOffset + ".parquet";
    }

    /**
     * Appends one lake row: the record's own JSON (already checked against the contract, so it is one object with
     * exactly the contract's fields) with the Kafka coordinates and ingestion time added before its closing brace.
     * Re-serializing every event cost a fifth of the lake writer's time; only a value with a {@code \\u} escape
     * (which may hide a lone surrogate DuckDB's JSON reader would refuse) or line breaks between its tokens is
     * written anew from the decoded event.
     */
    private void appendRow(StringBuilder out, String value, ListenEvent event, String topic, int partition, long offset,
            String ingestedAt) {
        String object = value.indexOf("\\u") < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0
                ? value.strip() : reserialize(event);
        out.append(object, 0, object.length() - 1)
                .append(",\"kafka_topic\":\"").append(topic) // Kafka topic names are [a-zA-Z0-9._-]: nothing to escape
                .append("\",\"kafka_partition\":").append(partition)
                .append(",\"kafka_offset\":").append(offset)
                .append(",\"ingested_at\":\"").append(ingestedAt).append("\"}\n");
    }

    private String reserialize(ListenEvent event) {
        StringWriter out = new StringWriter(768);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            ListenEventCodec.writeFields(g, event);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private List<Message> deadLetterMessages(List<DeadLetter> deadLetters) {
        List<Message> messages = new ArrayList<>(deadLetters.size());
        for (DeadLetter dl : deadLetters) {
            DefaultMessage m = new DefaultMessage(camelContext);
            m.setBody(dl.value() == null ? "" : dl.value());
            if (dl.key() != null) {
                m.setHeader(KafkaConstants.KEY, dl.key());
            }
            m.setHeader(DLQ_REASON, dl.reason());
            m.setHeader(DLQ_TOPIC, dl.topic());
            m.setHeader(DLQ_PARTITION, String.valueOf(dl.partition()));
            m.setHeader(DLQ_OFFSET, String.valueOf(dl.offset()));
            messages.add(m);
        }
        return messages;
    }

    @Override
    public void destroy() throws Exception {
        encoder.close();
    }
}
