package dev.playlog.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeWriterTest {

    @TempDir
    Path tmp;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ListenEventCodec codec = new ListenEventCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger commits = new AtomicInteger();
    private LakeWriter writer;

    @BeforeEach
    void setUp() {
        writer = new LakeWriter(codec, new LakeProperties("lake", 1000, 1000, "g", 1), registry,
                new ParquetEncoder(tmp.resolve("work")), Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() throws Exception {
        writer.destroy();
    }

    private Exchange record(int partition, long offset, String value) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setBody(value);
        e.getMessage().setHeader(KafkaConstants.TOPIC, "listens");
        e.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        e.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        e.getMessage().setHeader(KafkaConstants.KEY, "k" + offset);
        e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) commits::incrementAndGet);
        return e;
    }

    private List<Exchange> batch(List<ListenEvent> events) {
        List<Exchange> batch = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            batch.add(record(i % 2, 100 + i / 2, codec.encode(events.get(i))));
        }
        return batch;
    }

    private static List<ListenEvent> events(int n, Instant start, int rate) {
        BehaviouralGenerator g = new BehaviouralGenerator(11, 30, 200);
        List<ListenEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(g.next(Simulator.simulatedTime(start, rate, i)));
        }
        return events;
    }

    @Test
    void partitionsByEventHourAndKafkaPartitionWithDeterministicKeys() throws Exception {
        List<ListenEvent> events = events(200, Instant.parse("2026-11-21T09:30:00Z"), 1);
        // one event per second from 09:30: all in hour 09, alternating between partitions 0 and 1
        LakePlan plan = writer.plan(batch(events));
        assertThat(plan.objects()).extracting(LakeObject::key).containsExactlyInAnyOrder(
                "lake/listens/date=2026-11-21/hour=09/listens+0+100.parquet",
                "lake/listens/date=2026-11-21/hour=09/listens+1+100.parquet");
        assertThat(plan.objects()).extracting(LakeObject::rows).containsOnly(100);

        // 09:59:55 .. 10:00:04: each hour's object is named after its own first offset
        List<ListenEvent> crossing = events(10, Instant.parse("2026-11-21T09:59:55Z"), 1);
        LakePlan second = writer.plan(batch(crossing));
        assertThat(second.objects()).extracting(LakeObject::key).containsExactlyInAnyOrder(
                "lake/listens/date=2026-11-21/hour=09/listens+0+100.parquet",
                "lake/listens/date=2026-11-21/hour=09/listens+1+100.parquet",
                "lake/listens/date=2026-11-21/hour=10/listens+0+103.parquet",
                "lake/listens/date=2026-11-21/hour=10/listens+1+102.parquet");
        // a replay of the same records produces the same keys (overwrites, no duplicate objects)
        assertThat(writer.plan(batch(crossing)).objects()).extracting(LakeObject::key)
                .containsExactlyElementsOf(second.objects().stream().map(LakeObject::key).toList());
    }

    @Test
    void parquetHoldsEveryValidRowWithTypedColumns() throws Exception {
        List<ListenEvent> events = events(300, Instant.parse("2026-11-21T09:00:00Z"), 10);
        LakePlan plan = writer.plan(batch(events));
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (LakeObject object : plan.objects()) {
                Path file = Files.write(tmp.resolve(object.key().replace('/', '_')), object.content());
                try (ResultSet rs = st.executeQuery("SELECT event_id, typeof(played_at), played_at, kafka_offset, ingested_at FROM read_parquet('"
                        + file + "')")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        assertThat(rs.getString(2)).isEqualTo("TIMESTAMP");
                        assertThat(rs.getLong(4)).isBetween(100L, 250L);
                        assertThat(rs.getString(5)).startsWith("2026-11-21 10:00:00");
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT compression FROM parquet_metadata('" + file + "') LIMIT 1")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualToIgnoringCase("ZSTD");
                }
            }
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(events.stream().map(ListenEvent::eventId).toList());
    }

    @Test
    void deadLettersInvalidRecordsWithTheReasonAndKeepsTheRest() {
        List<Exchange> batch = batch(events(4, Instant.parse("2026-11-21T09:00:00Z"), 1));
        batch.add(record(0, 500, "{broken"));
        batch.add(record(1, 501, codec.encode(events(1, Instant.parse("2026-11-21T09:00:00Z"), 1).get(0))
                .replace("\"device_type\":\"", "\"device_type\":\"toaster-")));
        LakePlan plan = writer.plan(batch);
        assertThat(plan.validRecords()).isEqualTo(4);
        assertThat(plan.deadLetters()).extracting(DeadLetter::offset).containsExactly(500L, 501L);
        assertThat(plan.deadLetters().get(0).reason()).startsWith("not JSON");
        assertThat(plan.deadLetters().get(1).reason()).contains("device_type");
        assertThat(plan.deadLetters()).extracting(DeadLetter::coordinates).containsExactly("listens-0@500", "listens-1@501");
        assertThat(plan.deadLetters().get(0).key()).isEqualTo("k500".getBytes(StandardCharsets.UTF_8));
        assertThat(plan.deadLetters().get(0).value()).isEqualTo("{broken".getBytes(StandardCharsets.UTF_8));
        assertThat(plan.lastOffsets()).containsEntry("listens-0", 500L).containsEntry("listens-1", 501L);
    }

    @Test
    void commitsOnePerPartitionOnlyWhenAsked() {
        LakePlan plan = writer.plan(batch(events(10, Instant.parse("2026-11-21T09:00:00Z"), 1)));
        assertThat(commits).hasValue(0);
        writer.commit(plan);
        assertThat(commits).hasValue(2);
        assertThat(registry.counter("playlog.lake.records.written").count()).isEqualTo(10.0);
        assertThat(registry.counter("playlog.lake.objects.written").count()).isEqualTo(2.0);
    }

    @Test
    void storesEveryStringExactlyWhateverJsonFormTheRecordHas() throws Exception {
        ListenEvent base = events(1, Instant.parse("2026-11-21T09:00:00Z"), 1).get(0);
        String awkward = "Quote \" back\\slash \ttab ✓ ünï 🎵 \u2028 end";
        ListenEvent named = new ListenEvent(1, base.eventId(), base.eventType(), base.userId(), base.sessionId(),
                base.trackId(), awkward, base.artistId(), base.artistName(), base.albumId(), base.albumName(),
                base.durationMs(), base.msPlayed(), base.deviceType(), base.country(), base.subscription(),
                base.contextType(), base.contextUri(), base.playedAt(), base.source(), base.shuffle(), base.reasonStart(),
                base.reasonEnd(), base.platform(), base.isrc(), base.explicit());
        String compact = codec.encode(named);
        // the same event as another producer might send it: pretty-printed, with \\u escapes, padded
        String pretty = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(new com.fasterxml.jackson.databind.ObjectMapper().readTree(compact));
        String escaped = compact.replace("🎵", "\\ud83c\\udfb5").replace("✓", "\\u2713");
        List<Exchange> batch = List.of(record(0, 1, compact), record(0, 2, "  " + pretty + "\n"), record(0, 3, escaped));
        LakePlan plan = writer.plan(batch);
        assertThat(plan.deadLetters()).isEmpty();
        assertThat(plan.objects()).hasSize(1);
        Path file = Files.write(tmp.resolve("awkward.parquet"), plan.objects().get(0).content());
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT track_name, played_at, kafka_offset FROM read_parquet('" + file
                        + "') ORDER BY kafka_offset")) {
            while (rs.next()) {
                names.add(rs.getString(1));
                assertThat(rs.getTimestamp(2).toLocalDateTime()).isEqualTo(java.time.LocalDateTime.parse(
                        base.playedAt().substring(0, 23)));
            }
        }
        assertThat(names).containsExactly(awkward, awkward, awkward);
    }

    @Test
    void deadLettersIllFormedUtf8AndLoneSurrogatesInsteadOfStoringThemChanged() throws Exception {
        ListenEvent base = events(1, Instant.parse("2026-11-21T09:00:00Z"), 1).get(0);
        String json = codec.encode(base);
        String marker = "\"track_name\":\"";
        int at = json.indexOf(marker) + marker.length();
        byte[][] inserts = {
            {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'}, // a surrogate encoded as UTF-8 (CESU-8)
            {'a', (byte) 0xC0, (byte) 0xAF, 'b'}, // an overlong '/'
            "c\\ud800d".getBytes(StandardCharsets.UTF_8), // a lone surrogate as a JSON escape
        };
        List<Exchange> batch = new ArrayList<>();
        batch.add(bytesRecord(0, 1, json.getBytes(StandardCharsets.UTF_8)));
        List<byte[]> bad = new ArrayList<>();
        for (byte[] insert : inserts) {
            java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
            value.write(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
            value.write(insert);
            value.write(json.substring(json.indexOf('"', at)).getBytes(StandardCharsets.UTF_8));
            bad.add(value.toByteArray());
            batch.add(bytesRecord(0, 1 + bad.size(), value.toByteArray()));
        }
        LakePlan plan = writer.plan(batch);
        assertThat(plan.validRecords()).isEqualTo(1);
        assertThat(plan.deadLetters()).extracting(DeadLetter::reason).satisfiesExactly(
                r -> assertThat(r).isEqualTo("not UTF-8: ill-formed byte sequence at byte " + (at + 1) + " (0xED 0xA0 0x80)"),
                r -> assertThat(r).isEqualTo("not UTF-8: ill-formed byte sequence at byte " + (at + 1) + " (0xC0)"),
                r -> assertThat(r).contains("track_name: has a lone UTF-16 surrogate"));
        assertThat(plan.deadLetters()).extracting(DeadLetter::value).containsExactlyElementsOf(bad);
        Path file = Files.write(tmp.resolve("valid.parquet"), plan.objects().get(0).content());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT track_name, kafka_offset FROM read_parquet('" + file + "')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(base.trackName());
            assertThat(rs.getLong(2)).isEqualTo(1L);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void deadLettersAPlayedAtOutsideTheContractsRangeMeasuredByTheIngestionClock() {
        String json = codec.encode(events(1, Instant.parse("2026-11-21T09:00:00Z"), 1).get(0));
        int at = json.indexOf("\"played_at\":\"") + 13;
        String playedAt = json.substring(at, at + 24);
        // the writer's clock is 2026-11-21T10:00:00Z: the latest accepted played_at is a day later
        LakePlan plan = writer.plan(List.of(
                bytesRecord(0, 1, json.replace(playedAt, "0000-01-01T00:00:00.000Z").getBytes(StandardCharsets.UTF_8)),
                bytesRecord(0, 2, json.replace(playedAt, "1999-12-31T23:59:59.999Z").getBytes(StandardCharsets.UTF_8)),
                bytesRecord(0, 3, json.replace(playedAt, "2026-11-22T10:00:00.001Z").getBytes(StandardCharsets.UTF_8)),
                bytesRecord(0, 4, json.replace(playedAt, "2026-11-22T10:00:00.000Z").getBytes(StandardCharsets.UTF_8))));
        assertThat(plan.deadLetters()).extracting(DeadLetter::offset).containsExactly(1L, 2L, 3L);
        assertThat(plan.deadLetters()).allSatisfy(dl -> assertThat(dl.reason()).contains(
                "played_at: must lie between 2000-01-01T00:00:00.000Z and 2026-11-22T10:00:00.000Z"));
        assertThat(plan.objects()).extracting(LakeObject::key)
                .containsExactly("lake/listens/date=2026-11-22/hour=10/listens+0+4.parquet");
    }

    @Test
    void deadLettersKeepTheRecordsKeyValueAndHeadersUnchanged() {
        byte[] notUtf8 = {'{', '"', 'x', '"', ':', (byte) 0xFF, '}'};
        byte[] binaryKey = {0, (byte) 0xFF, (byte) 0xC0, 'k'};
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("trace", new byte[] {1, 2});
        headers.add("Trace", null);
        headers.add("trace", new byte[] {(byte) 0xFE});
        Exchange first = bytesRecord(0, 7, notUtf8);
        first.getMessage().setHeader(KafkaConstants.KEY, binaryKey);
        first.getMessage().setHeader(KafkaConstants.HEADERS, headers);
        Exchange tombstone = bytesRecord(0, 8, null);
        tombstone.getMessage().removeHeader(KafkaConstants.KEY);
        LakePlan plan = writer.plan(List.of(first, tombstone, bytesRecord(0, 9, new byte[0])));
        assertThat(plan.objects()).isEmpty();
        assertThat(plan.deadLetters()).extracting(DeadLetter::reason).satisfiesExactly(
                r -> assertThat(r).isEqualTo("not UTF-8: ill-formed byte sequence at byte 5 (0xFF)"),
                r -> assertThat(r).isEqualTo("no record value (a tombstone)"),
                r -> assertThat(r).isEqualTo("empty record value"));
        DeadLetter dl = plan.deadLetters().get(0);
        assertThat(dl.value()).isSameAs(notUtf8);
        assertThat(dl.key()).isEqualTo(binaryKey);
        assertThat(dl.headers()).extracting(org.apache.kafka.common.header.Header::key).containsExactly("trace", "Trace", "trace");
        assertThat(dl.headers()[2].value()).isEqualTo(new byte[] {(byte) 0xFE});
        assertThat(plan.deadLetters().get(1).value()).isNull();
        assertThat(plan.deadLetters().get(1).key()).isNull();
        assertThat(plan.deadLetters().get(1).headers()).isEmpty();
        assertThat(plan.deadLetters().get(2).value()).isEmpty();
        assertThat(plan.commits()).hasSize(1);
    }

    private Exchange bytesRecord(int partition, long offset, byte[] value) {
        Exchange e = record(partition, offset, null);
        e.getMessage().setBody(value);
        return e;
    }

    @Test
    void leavesRecordsOfPartitionsRevokedWhileTheBatchFilledToTheirNewOwner() throws Exception {
        // a consumer's batch spans a rebalance: it polled partitions 0 and 1, then kept only 0 and was handed
        // partition 0 again from the committed offset. Writing partition 1 would overwrite the new owner's object
        // listens+1+100 with fewer rows and move partition 1's committed offset back.
        org.apache.kafka.clients.consumer.MockConsumer<byte[], byte[]> consumer =
                new org.apache.kafka.clients.consumer.MockConsumer<>(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("listens", 0)));
        List<ListenEvent> events = events(6, Instant.parse("2026-11-21T09:00:00Z"), 1);
        List<Long> committed = new ArrayList<>();
        List<Exchange> batch = new ArrayList<>();
        long[][] records = {{0, 100}, {1, 100}, {0, 101}, {1, 101}, {0, 100}, {0, 101}, {0, 102}};
        for (int i = 0; i < records.length; i++) {
            Exchange e = record((int) records[i][0], records[i][1], codec.encode(events.get(Math.min(i, 5))));
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("listens", (int) records[i][0]);
            long offset = records[i][1];
            e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit(
                    new org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory.CamelExchangePayload(e, consumer, "t", null),
                    new org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory.KafkaRecordPayload(tp, offset, 1000)) {
                @Override
                public void commit() {
                    committed.add(getPartition().partition() * 1000L + getRecordOffset());
                }
            });
            batch.add(e);
        }
        LakePlan plan = writer.plan(batch);
        assertThat(plan.objects()).extracting(LakeObject::key)
                .containsExactly("lake/listens/date=2026-11-21/hour=09/listens+0+100.parquet");
        assertThat(plan.objects().get(0).rows()).isEqualTo(3); // offsets 100, 101, 102 of partition 0, once each
        assertThat(plan.validRecords()).isEqualTo(3);
        writer.commit(plan);
        assertThat(committed).containsExactly(102L); // partition 0 only, at its last record
    }

    @Test
    void aPartitionThatLeftAndCameBackDuringTheBatchKeepsOnlyWhatItsOtherOwnerDidNotCommit() throws Exception {
        // the batch holds p0@100..101 from before a rebalance; p0's other owner then wrote and committed up to 300;
        // p0 came back and the batch got p0@300..301. Writing 100..101 under key +0+100 would overwrite the other
        // owner's object (100..299) with two rows.
        org.apache.kafka.clients.consumer.MockConsumer<byte[], byte[]> consumer =
                new org.apache.kafka.clients.consumer.MockConsumer<>(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
        org.apache.kafka.common.TopicPartition p0 = new org.apache.kafka.common.TopicPartition("listens", 0);
        consumer.assign(List.of(p0));
        consumer.commitSync(java.util.Map.of(p0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(300)));
        List<ListenEvent> events = events(4, Instant.parse("2026-11-21T09:00:00Z"), 1);
        List<Exchange> batch = new ArrayList<>();
        long[] offsets = {100, 101, 300, 301};
        for (int i = 0; i < offsets.length; i++) {
            Exchange e = record(0, offsets[i], codec.encode(events.get(i)));
            e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit(
                    new org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory.CamelExchangePayload(e, consumer, "t", null),
                    new org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory.KafkaRecordPayload(p0, offsets[i], 1000)) {
                @Override
                public void commit() {
                }
            });
            batch.add(e);
        }
        LakePlan plan = writer.plan(batch);
        assertThat(plan.objects()).extracting(LakeObject::key)
                .containsExactly("lake/listens/date=2026-11-21/hour=09/listens+0+300.parquet");
        assertThat(plan.objects().get(0).rows()).isEqualTo(2);
    }
}
