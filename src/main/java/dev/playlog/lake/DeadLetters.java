package dev.playlog.lake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.playlog.kafka.KafkaProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sends the lake writer's dead letters to the dead-letter topic and waits for the broker's acknowledgements (lake-write
 * route, before the offsets are committed). A dead letter is the refused record itself: its key bytes, its value (none
 * for a tombstone) and its headers in their order, followed by the {@code playlog-*} headers saying why and where from.
 *
 * <p>Why a producer of its own rather than the route's kafka endpoint: Camel builds record headers from its
 * case-insensitive header map, which merges names that differ in case, keeps one of repeated names and drops names
 * starting with {@code kafka.} or {@code Camel}, so the record would not arrive as it was.
 *
 * <p>A record the topic cannot take as it is (larger than the producer's {@code max.request.size} or the broker's
 * {@code max.message.bytes}, e.g. a 3 MB value that arrived zstd-compressed, or refused as invalid) must not freeze its
 * partition: it is sent {@link Form#REDUCED reduced} (the value is replaced by a JSON summary with the reason, source
 * coordinates, size and SHA-256 of the value, and the value itself is stored under {@code <prefix>/dead-letters/} in the
 * lake bucket first), and if even that is refused, {@link Form#MINIMAL minimal} (also without the key and the original
 * headers, whose size and digest it keeps). Only failures a retry may cure (broker away, timeouts) fail the exchange,
 * which errors-lake retries before anything is committed.
 */
@Component(DeadLetters.BEAN)
public class DeadLetters implements DisposableBean {

    public static final String BEAN = "deadLetters";
    /** Headers of a dead-letter record (names avoid the {@code kafka.}/{@code Camel} prefixes Camel filters out). */
    public static final String REASON = "playlog-error-reason";
    public static final String SOURCE_TOPIC = "playlog-source-topic";
    public static final String SOURCE_PARTITION = "playlog-source-partition";
    public static final String SOURCE_OFFSET = "playlog-source-offset";
    /** Only on a reduced dead letter: {@code reduced} or {@code minimal}. */
    public static final String FORM = "playlog-dead-letter-form";
    /** Why the record could not be dead-lettered as it was (the producer's or the broker's message). */
    public static final String REFUSED_AS_IS = "playlog-refused-as-is";
    /** Size in bytes and SHA-256 (hex) of the original value; size -1 for a tombstone. */
    public static final String VALUE_SIZE = "playlog-original-value-size";
    public static final String VALUE_SHA256 = "playlog-original-value-sha256";
    /** {@code s3://bucket/key} of the stored original value. */
    public static final String PAYLOAD = "playlog-original-value-object";
    /** Only on a minimal dead letter: size and SHA-256 of the original key, and how many headers it had. */
    public static final String KEY_SIZE = "playlog-original-key-size";
    public static final String KEY_SHA256 = "playlog-original-key-sha256";
    public static final String HEADER_COUNT = "playlog-original-header-count";

    /** How a dead letter is sent, from the faithful form down to the one that always fits. */
    public enum Form {
        /** The record as it was, plus the playlog headers. */
        FULL,
        /** Key and headers as they were, the value replaced by a summary (the value is stored in the lake bucket). */
        REDUCED,
        /** Only the summary and the playlog headers. */
        MINIMAL
    }

    /** Stores a dead letter's value where it stays durable; returns where (for the {@link #PAYLOAD} header). */
    @FunctionalInterface
    interface PayloadStore {
        String put(String key, byte[] value);
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String payloadPrefix;
    private final PayloadStore payloads;
    private final JsonFactory json = new JsonFactory();
    private final Counter reduced;

    @Autowired
    public DeadLetters(KafkaProperties kafka, LakeProperties lake, S3Properties s3Properties, S3Client s3,
            MeterRegistry registry) {
        this(new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.CLIENT_ID_CONFIG, "playlog-dead-letters",
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                        new ByteArraySerializer(), new ByteArraySerializer()),
                kafka.deadLetterTopic(), lake.deadLettersPrefix(), (key, value) -> {
                    s3.putObject(b -> b.bucket(s3Properties.bucket()).key(key), RequestBody.fromBytes(value));
                    return "s3://" + s3Properties.bucket() + "/" + key;
                }, registry);
    }

    DeadLetters(Producer<byte[], byte[]> producer, String topic, String payloadPrefix, PayloadStore payloads,
            MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.payloadPrefix = payloadPrefix;
        this.payloads = payloads;
        this.reduced = Counter.builder("playlog.lake.dead.letters.reduced")
                .description("Dead letters sent reduced because the dead-letter topic refused them as they were")
                .register(registry);
    }

    /** Sends the plan's dead letters and returns when the broker has them all; the route commits only after this. */
    public void send(LakePlan plan) throws InterruptedException {
        List<DeadLetter> pending = plan.deadLetters();
        List<String> refusals = null;
        for (Form form : Form.values()) {
            if (pending.isEmpty()) {
                return;
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                acks.add(producer.send(record(pending.get(i), form, refusals == null ? null : refusals.get(i))));
            }
            List<DeadLetter> refused = new ArrayList<>(0);
            List<String> refusedBecause = new ArrayList<>(0);
            for (int i = 0; i < acks.size(); i++) {
                DeadLetter dl = pending.get(i);
                try {
                    acks.get(i).get();
                } catch (ExecutionException failed) {
                    Throwable cause = failed.getCause();
                    if (!refusedAsItIs(cause) || form == Form.MINIMAL) {
                        throw new IllegalStateException("Dead letter " + dl.coordinates() + " could not be sent to " + topic
                                + " (" + form + "): " + cause.getMessage(), cause);
                    }
                    LOG.warn("Dead letter {} refused by {} as {} ({}): sending it reduced", dl.coordinates(), topic,
                            form, cause.getMessage());
                    refused.add(dl);
                    refusedBecause.add(refusals == null ? cause.getMessage() : refusals.get(i) + "; " + cause.getMessage());
                }
            }
            if (form != Form.FULL) {
                reduced.increment(pending.size() - refused.size());
            }
            pending = refused;
            refusals = refusedBecause;
        }
    }

    /** Errors that retrying the same record cannot cure, but a smaller record can. */
    private static boolean refusedAsItIs(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidRecordException;
    }

    /** The record of a dead letter in a form; {@code refusedAsIs} says why the fuller forms were refused. */
    ProducerRecord<byte[], byte[]> record(DeadLetter dl, Form form, String refusedAsIs) {
        String reason = dl.reason();
        List<Header> headers = new ArrayList<>(dl.headers().length + 12);
        if (form != Form.MINIMAL) {
            headers.addAll(List.of(dl.headers()));
        }
        headers.add(header(REASON, reason));
        headers.add(header(SOURCE_TOPIC, dl.topic()));
        headers.add(header(SOURCE_PARTITION, String.valueOf(dl.partition())));
        headers.add(header(SOURCE_OFFSET, String.valueOf(dl.offset())));
        if (form == Form.FULL) {
            return new ProducerRecord<>(topic, null, dl.key(), dl.value(), headers);
        }
        String payload = null;
        if (dl.value() != null && form == Form.REDUCED) {
            // stored before the reduced record is sent, so a dead letter never points at a missing object; the key is
            // deterministic, so a batch read again overwrites the same object
            payload = payloads.put(payloadPrefix + dl.topic() + "+" + dl.partition() + "+" + dl.offset() + ".bin", dl.value());
        }
        String valueSize = String.valueOf(dl.value() == null ? -1 : dl.value().length);
        String valueDigest = dl.value() == null ? null : sha256(dl.value());
        headers.add(header(FORM, form.name().toLowerCase()));
        headers.add(header(REFUSED_AS_IS, refusedAsIs));
        headers.add(header(VALUE_SIZE, valueSize));
        headers.add(header(VALUE_SHA256, valueDigest));
        headers.add(header(PAYLOAD, payload));
        byte[] key = dl.key();
        if (form == Form.MINIMAL) {
            headers.add(header(KEY_SIZE, String.valueOf(key == null ? -1 : key.length)));
            headers.add(header(KEY_SHA256, key == null ? null : sha256(key)));
            headers.add(header(HEADER_COUNT, String.valueOf(dl.headers().length)));
            key = null;
        }
        byte[] summary = summary(dl, form, reason, refusedAsIs, valueSize, valueDigest, payload);
        return new ProducerRecord<>(topic, null, key, summary, headers);
    }

    private byte[] summary(DeadLetter dl, Form form, String reason, String refusedAsIs, String size, String digest,
            String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("dead_letter_form", form.name().toLowerCase());
            g.writeStringField("reason", reason);
            g.writeStringField("refused_as_is", refusedAsIs);
            g.writeStringField("source_topic", dl.topic());
            g.writeNumberField("source_partition", dl.partition());
            g.writeNumberField("source_offset", dl.offset());
            g.writeNumberField("value_size", Long.parseLong(size));
            g.writeStringField("value_sha256", digest);
            g.writeStringField("value_object", payload);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
        }
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
