package dev.playlog.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A producer that, like Kafka's, refuses a record above a size limit at once and takes everything else. */
    private static final class LimitedProducer extends MockProducer<byte[], byte[]> {
        final int limit;
        RuntimeException failEverything;

        LimitedProducer(int limit) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.limit = limit;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (failEverything != null) {
                return CompletableFuture.failedFuture(failEverything);
            }
            int size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
            for (Header h : record.headers()) {
                size += h.key().length() + (h.value() == null ? 0 : h.value().length);
            }
            if (size > limit) {
                return CompletableFuture.failedFuture(new RecordTooLargeException("The message is " + size
                        + " bytes when serialized which is larger than " + limit + ", the max.request.size"));
            }
            return super.send(record, callback);
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, byte[]> stored = new LinkedHashMap<>();
    private final LimitedProducer producer = new LimitedProducer(10_000);
    private final DeadLetters deadLetters = new DeadLetters(producer, "listens.dlq", "lake/dead-letters/", (key, value) -> {
        stored.put(key, value);
        return "s3://playlog/" + key;
    }, registry);

    private static LakePlan plan(DeadLetter... deadLetters) {
        return new LakePlan(List.of(), List.of(deadLetters), List.of(), Map.of(), deadLetters.length);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void sendsTheRecordAsItWasWithItsHeadersInOrderAndTheReasonAfterThem() throws Exception {
        byte[] key = {0, (byte) 0xFF, 'k'};
        byte[] value = {'{', (byte) 0xC0, (byte) 0xAF, '}'};
        Header[] headers = {new RecordHeader("trace", new byte[] {1}), new RecordHeader("Trace", (byte[]) null),
            new RecordHeader("trace", new byte[] {2}), new RecordHeader("kafka.origin", new byte[] {3})};
        deadLetters.send(plan(new DeadLetter("listens", 2, 41, key, value, headers, "not UTF-8: ..."),
                new DeadLetter("listens", 2, 42, key, null, new Header[0], "no record value (a tombstone)")));

        assertThat(producer.history()).hasSize(2);
        ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("listens.dlq");
        assertThat(sent.key()).isEqualTo(key);
        assertThat(sent.value()).isEqualTo(value);
        List<String> names = new ArrayList<>();
        sent.headers().forEach(h -> names.add(h.key()));
        assertThat(names).containsExactly("trace", "Trace", "trace", "kafka.origin", DeadLetters.REASON,
                DeadLetters.SOURCE_TOPIC, DeadLetters.SOURCE_PARTITION, DeadLetters.SOURCE_OFFSET);
        assertThat(sent.headers().toArray()[1].value()).isNull();
        assertThat(sent.headers().toArray()[2].value()).isEqualTo(new byte[] {2});
        assertThat(header(sent, DeadLetters.REASON)).isEqualTo("not UTF-8: ...");
        assertThat(header(sent, DeadLetters.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(sent, DeadLetters.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(header(sent, DeadLetters.FORM)).isNull();

        ProducerRecord<byte[], byte[]> tombstone = producer.history().get(1);
        assertThat(tombstone.value()).as("a tombstone stays a tombstone").isNull();
        assertThat(tombstone.key()).isEqualTo(key);
        assertThat(stored).isEmpty();
    }

    @Test
    void sendsARecordTheTopicCannotTakeReducedAndKeepsItsValueInTheBucket() throws Exception {
        byte[] big = new byte[20_000];
        Arrays.fill(big, (byte) 'x');
        byte[] key = "user-7".getBytes(StandardCharsets.UTF_8);
        Header[] headers = {new RecordHeader("origin", "app".getBytes(StandardCharsets.UTF_8))};
        deadLetters.send(plan(new DeadLetter("listens", 1, 5, key, "{bad".getBytes(StandardCharsets.UTF_8), headers, "not JSON"),
                new DeadLetter("listens", 1, 6, key, big, headers, "schema v1 violated: track_name: at most 1000 characters")));

        assertThat(producer.history()).hasSize(2);
        assertThat(producer.history().get(0).value()).isEqualTo("{bad".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> reduced = producer.history().get(1);
        assertThat(reduced.key()).isEqualTo(key);
        assertThat(reduced.headers().toArray()[0].key()).isEqualTo("origin");
        assertThat(header(reduced, DeadLetters.FORM)).isEqualTo("reduced");
        assertThat(header(reduced, DeadLetters.REASON)).isEqualTo("schema v1 violated: track_name: at most 1000 characters");
        assertThat(header(reduced, DeadLetters.SOURCE_OFFSET)).isEqualTo("6");
        assertThat(header(reduced, DeadLetters.VALUE_SIZE)).isEqualTo("20000");
        // sha256 of 20,000 'x', computed outside Java: python3 -c "import hashlib; print(hashlib.sha256(b'x'*20000).hexdigest())"
        assertThat(header(reduced, DeadLetters.VALUE_SHA256))
                .isEqualTo("42e8bc96b8eec8c4e5d503483ba0cb843ce95243c8ca8575ffc69cd25d12c61c");
        assertThat(header(reduced, DeadLetters.REFUSED_AS_IS)).contains("larger than 10000");
        assertThat(header(reduced, DeadLetters.PAYLOAD)).isEqualTo("s3://playlog/lake/dead-letters/listens+1+6.bin");
        assertThat(stored).containsOnlyKeys("lake/dead-letters/listens+1+6.bin");
        assertThat(stored.get("lake/dead-letters/listens+1+6.bin")).isEqualTo(big);
        JsonNode summary = MAPPER.readTree(reduced.value());
        assertThat(summary.get("dead_letter_form").asText()).isEqualTo("reduced");
        assertThat(summary.get("source_topic").asText()).isEqualTo("listens");
        assertThat(summary.get("source_partition").asInt()).isEqualTo(1);
        assertThat(summary.get("source_offset").asLong()).isEqualTo(6);
        assertThat(summary.get("value_size").asLong()).isEqualTo(20_000);
        assertThat(summary.get("value_object").asText()).isEqualTo("s3://playlog/lake/dead-letters/listens+1+6.bin");
        assertThat(registry.counter("playlog.lake.dead.letters.reduced").count()).isEqualTo(1.0);
    }

    @Test
    void dropsKeyAndHeadersTooWhenEvenTheReducedRecordIsTooLarge() throws Exception {
        byte[] hugeKey = new byte[12_000];
        Arrays.fill(hugeKey, (byte) 'k');
        deadLetters.send(plan(new DeadLetter("listens", 0, 9, hugeKey, "{}".getBytes(StandardCharsets.UTF_8),
                new Header[] {new RecordHeader("h", new byte[] {1})}, "schema v1 violated")));

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> minimal = producer.history().get(0);
        assertThat(minimal.key()).isNull();
        assertThat(minimal.headers().lastHeader("h")).isNull();
        assertThat(header(minimal, DeadLetters.FORM)).isEqualTo("minimal");
        assertThat(header(minimal, DeadLetters.KEY_SIZE)).isEqualTo("12000");
        assertThat(header(minimal, DeadLetters.KEY_SHA256)).isEqualTo("367fae450c20fa1d6921fbb4e7f1ed9bed8eb0bdb6ff4aae20e9e97fe8dc6dc8");
        assertThat(header(minimal, DeadLetters.HEADER_COUNT)).isEqualTo("1");
        assertThat(header(minimal, DeadLetters.VALUE_SIZE)).isEqualTo("2");
        assertThat(header(minimal, DeadLetters.REFUSED_AS_IS)).contains("the max.request.size; The message is 12848 bytes");
        assertThat(stored).containsOnlyKeys("lake/dead-letters/listens+0+9.bin");
    }

    @Test
    void aFailureARetryMayCureFailsTheSendSoNothingIsCommitted() {
        producer.failEverything = new TimeoutException("Topic listens.dlq not present in metadata after 60000 ms.");
        assertThatThrownBy(() -> deadLetters.send(plan(new DeadLetter("listens", 0, 1, null, new byte[] {1}, new Header[0],
                "not JSON")))).isInstanceOf(IllegalStateException.class)
                .hasMessage("Dead letter listens-0@1 could not be sent to listens.dlq (FULL): "
                        + "Topic listens.dlq not present in metadata after 60000 ms.")
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(stored).isEmpty();
    }
}
