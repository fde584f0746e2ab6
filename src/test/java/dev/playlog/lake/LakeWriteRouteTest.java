package dev.playlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.event.ListenEventCodec;
import dev.playlog.routes.RouteFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake-write route file with errors-lake: while the dead-letter send to Kafka fails, nothing is committed; the
 * offsets are committed once, after the broker took the dead letters.
 */
class LakeWriteRouteTest {

    @TempDir
    Path tmp;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** A dead-letter producer whose broker refuses the first {@code failures} sends with a retriable error. */
    private final class FlakyProducer extends MockProducer<byte[], byte[]> {
        int failures;

        FlakyProducer(int failures) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.failures = failures;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (failures > 0) {
                failures--;
                log.add("dead letter refused");
                return CompletableFuture.failedFuture(new NotEnoughReplicasException("Messages are rejected since there are "
                        + "fewer in-sync replicas than required."));
            }
            log.add("dead letter acknowledged");
            return super.send(record, callback);
        }
    }

    private Exchange record(DefaultCamelContext camel, long offset, String value) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setBody(value.getBytes(StandardCharsets.UTF_8));
        e.getMessage().setHeader(KafkaConstants.TOPIC, "listens");
        e.getMessage().setHeader(KafkaConstants.PARTITION, 0);
        e.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) () -> log.add("commit through " + offset));
        return e;
    }

    @Test
    void commitsOnlyAfterTheDeadLettersAreAcknowledged() throws Exception {
        DefaultCamelContext camel = RouteFiles.load(Map.of("playlog.kafka.topic", "listens", "playlog.lake.group-id", "g",
                "playlog.lake.max-records", "10", "playlog.lake.max-age-ms", "100", "playlog.lake.consumers", "1",
                "playlog.s3.bucket", "playlog"), "errors-lake.camel.yaml", "lake-write.camel.yaml");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LakeWriter writer = new LakeWriter(new ListenEventCodec(), new LakeProperties("lake", 10, 100, "g", 1), registry,
                new ParquetEncoder(tmp), Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
        FlakyProducer producer = new FlakyProducer(2);
        DeadLetters deadLetters = new DeadLetters(producer, "listens.dlq", "lake/dead-letters/", (key, value) -> key, registry);
        try {
            camel.getRegistry().bind(LakeWriter.BEAN, writer);
            camel.getRegistry().bind(DeadLetters.BEAN, deadLetters);
            AdviceWith.adviceWith(camel, "lake-write", a -> {
                a.replaceFromWith("direct:batch");
                // the S3 producer checks its bucket at start; these batches have nothing to upload
                a.weaveByToUri("aws2-s3:*").replace().process(e -> log.add("upload"));
            });
            camel.start();

            List<Exchange> batch = List.of(record(camel, 7, "{not json"), record(camel, 8, "{\"also\":\"not valid\"}"));
            Exchange result = camel.createProducerTemplate().request("direct:batch", e -> e.getMessage().setBody(batch));

            assertThat(result.getException()).isNull();
            // errors-lake retried the send (0.5 s, then 1 s later); the commit came after the broker's acknowledgements
            assertThat(log).containsExactly("dead letter refused", "dead letter refused", "dead letter acknowledged",
                    "dead letter acknowledged", "commit through 8");
            assertThat(producer.history()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("{not json", "{\"also\":\"not valid\"}");
            assertThat(registry.counter("playlog.lake.records.dead.lettered").count()).isEqualTo(2.0);
        } finally {
            camel.close();
            writer.destroy();
        }
    }
}
