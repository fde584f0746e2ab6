package dev.playlog.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.dbt.DbtEnvironment;
import dev.playlog.dbt.DbtProperties;
import dev.playlog.dbt.DbtRunSummary;
import dev.playlog.dbt.DbtRunner;
import dev.playlog.embedded.EmbeddedS3Server;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.ParquetEncoder;
import dev.playlog.lake.S3Properties;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The serving figures: {@code bench.serving.events} simulated events go through the real lake layout on a real S3
 * server, the warehouse refresh and the real {@code dbt build}; then one gold publication is timed, the snapshot
 * measured, and every gold model read {@code bench.serving.reads} times through the read API's reader, uncached
 * (the API's cost on a new build), for p50/p95 latency. Prints a table and writes {@code target/bench/serving.md}.
 * Run alone: {@code ./mvnw -B -Pbench verify -Dit.test=ServingBenchmark}.
 */
class ServingBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.serving.events", 1_000_000);
    private static final int READS = Integer.getInteger("bench.serving.reads", 50);
    private static final int CHUNK = 50_000;
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int RATE = 20;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("'date='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void publishTimeSnapshotSizeAndReadLatency() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StringBuilder out = new StringBuilder();
        try (EmbeddedS3Server server = new EmbeddedS3Server(tmp.resolve("s3"), port, "key", "secret-value", "bench");
                ParquetEncoder encoder = new ParquetEncoder(tmp.resolve("work"))) {
            server.start();
            S3Client s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                    .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret-value"))).build();
            long t0 = System.nanoTime();
            writeLake(s3, encoder);
            long lakeMs = (System.nanoTime() - t0) / 1_000_000;
            WarehouseProperties.DuckDb duckdb = new WarehouseProperties.DuckDb(tmp.resolve("w/playlog.duckdb").toString(),
                    tmp.resolve("w/lake").toString(), WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT);
            DuckDbWarehouse warehouse = new DuckDbWarehouse(s3, new S3Properties(server.endpoint(), "bench", "us-east-1", "key",
                    "secret-value"), new LakeProperties("lake", 100, 1000, "g", 1), duckdb);
            warehouse.bootstrap();
            t0 = System.nanoTime();
            warehouse.refresh();
            long refreshMs = (System.nanoTime() - t0) / 1_000_000;
            WarehouseLock lock = new WarehouseLock();
            DbtProperties dbtProperties = new DbtProperties("dbt", "config", "duckdb",
                    System.getProperty("playlog.dbt.venv", Path.of(".venv").toAbsolutePath().toString()), "dbt/requirements.txt",
                    "python3", "0 0 * * * ?", 3600, "test_type:unit");
            DbtRunSummary build = new DbtRunner(dbtProperties, new DbtEnvironment(dbtProperties), lock,
                    new WarehouseProperties(WarehouseProperties.Type.duckdb, "0 0 * * * ?", duckdb,
                            WarehouseProperties.Snowflake.defaults()), new SimpleMeterRegistry()).build();
            ServingProperties serving = new ServingProperties(tmp.resolve("serving").toString(), 3, Duration.ZERO, 100,
                    10_000, 0);
            SnapshotStore store = new SnapshotStore(tmp.resolve("serving/gold"), new ObjectMapper());
            SnapshotPublisher publisher = new SnapshotPublisher(warehouse, lock, s3, "bench", "lake", store, serving,
                    new ObjectMapper(), Clock.systemUTC(), new SimpleMeterRegistry());
            List<Long> publishMs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                t0 = System.nanoTime();
                publisher.publish(build);
                publishMs.add((System.nanoTime() - t0) / 1_000_000);
            }
            Snapshot snapshot = store.current();
            long bytes;
            try (Stream<Path> files = Files.list(snapshot.dir())) {
                bytes = files.mapToLong(p -> p.toFile().length()).sum();
            }
            out.append(String.format(Locale.ROOT, "Serving benchmark: %,d events (lake written in %,d ms, refresh %,d ms, "
                    + "dbt build %,d ms without unit tests), %,d gold rows in %d models%n%n", EVENTS, lakeMs, refreshMs,
                    build.elapsedMs(), snapshot.rows().values().stream().mapToLong(Long::longValue).sum(), snapshot.rows().size()));
            out.append(String.format(Locale.ROOT, "| figure | value |%n| --- | ---: |%n"));
            out.append(String.format(Locale.ROOT, "| publish time per build (3 runs) | %s ms |%n", publishMs));
            out.append(String.format(Locale.ROOT, "| snapshot size | %,.1f MiB |%n", bytes / 1048576.0));
            out.append(String.format(Locale.ROOT, "| snapshot size per million events | %,.1f MiB |%n", bytes / 1048576.0 * 1_000_000 / EVENTS));
            out.append(String.format(Locale.ROOT, "%n| model | rows | read p50 | read p95 | cached | query |%n| --- | ---: | ---: | ---: | ---: | --- |%n"));
            DuckDbSnapshotReader reader = new DuckDbSnapshotReader(store, serving);
            Random random = new Random(1);
            for (GoldModels.Model model : GoldModels.all().values()) {
                long rows = snapshot.rows().get(model.name());
                long[] times = new long[READS];
                String query = "limit=100, random offset" + (model.name().equals("fct_plays") ? ", user_id of a row" : "");
                for (int i = 0; i < READS + 5; i++) {
                    Map<String, List<String>> params = new java.util.HashMap<>(Map.of("offset",
                            List.of(Long.toString(rows <= 100 ? 0 : random.nextLong(rows - 100)))));
                    if (model.name().equals("fct_plays")) {
                        params.put("user_id", List.of("u" + String.format("%07d", random.nextInt(10_000))));
                        params.put("offset", List.of("0"));
                    }
                    long start = System.nanoTime();
                    GoldPage page = reader.read(model.name(), params);
                    long elapsed = System.nanoTime() - start;
                    assertThat(page.buildId()).isEqualTo(snapshot.buildId());
                    if (i >= 5) {
                        times[i - 5] = elapsed;
                    }
                }
                Arrays.sort(times);
                DuckDbSnapshotReader cachedReader = new DuckDbSnapshotReader(store, new ServingProperties(
                        tmp.resolve("serving").toString(), 3, Duration.ZERO, 100, 10_000, 100));
                cachedReader.read(model.name(), Map.of());
                long start = System.nanoTime();
                cachedReader.read(model.name(), Map.of());
                long cached = System.nanoTime() - start;
                cachedReader.close();
                out.append(String.format(Locale.ROOT, "| %s | %,d | %.1f ms | %.1f ms | %.2f ms | %s |%n", model.name(), rows,
                        times[READS / 2] / 1e6, times[(int) Math.ceil(READS * 0.95) - 1] / 1e6, cached / 1e6, query));
            }
            reader.close();
            s3.close();
        }
        System.out.println(out);
        Path results = Path.of("target", "bench", "serving.md");
        Files.createDirectories(results.getParent());
        Files.writeString(results, out.toString());
    }

    /** The lake as lake-write leaves it: Parquet objects under date=/hour= keys, CHUNK events each. */
    private void writeLake(S3Client s3, ParquetEncoder encoder) {
        BehaviouralGenerator generator = new BehaviouralGenerator(42, 10_000, 100_000);
        ListenEventCodec codec = new ListenEventCodec();
        for (int first = 0; first < EVENTS; first += CHUNK) {
            StringBuilder ndjson = new StringBuilder();
            Instant firstTime = null;
            for (int i = first; i < Math.min(EVENTS, first + CHUNK); i++) {
                Instant at = Simulator.simulatedTime(START, RATE, i);
                firstTime = firstTime == null ? at : firstTime;
                ListenEvent e = generator.next(at);
                String event = codec.encode(e);
                ndjson.append(event.replace("Z\",\"source\"", "\",\"source\"").replaceFirst("}$",
                        ",\"kafka_topic\":\"listens\",\"kafka_partition\":0,\"kafka_offset\":" + i
                                + ",\"ingested_at\":\"" + e.playedAt().replace("Z", "") + "\"}")).append('\n');
            }
            byte[] bytes = ndjson.toString().getBytes(StandardCharsets.UTF_8);
            byte[] parquet = encoder.encode(bytes, bytes.length);
            s3.putObject(PutObjectRequest.builder().bucket("bench").key("lake/listens/" + HOUR.format(firstTime)
                    + "/listens+0+" + first + ".parquet").build(), RequestBody.fromBytes(parquet));
        }
    }
}
