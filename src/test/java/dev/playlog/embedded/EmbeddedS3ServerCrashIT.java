package dev.playlog.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.testing.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedded S3 store survives a {@code kill -9} during an upload and never lists short while uploads run
 * (issue 14): s3proxy's filesystem store alone fails both (see {@link CrashSafeBlobStore}).
 */
class EmbeddedS3ServerCrashIT {

    private static final String ACCESS_KEY = "playlog";
    private static final String SECRET_KEY = "playlog-secret-key";
    private static final String BUCKET = "playlog";
    private static final String PREFIX = "lake/listens/date=2026-12-04/hour=05/";

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void listingsWorkAfterTheServerIsKilledDuringAnUpload() throws Exception {
        Path root = dataDir.resolve("s3");
        int port = FreePorts.next();
        List<String> completed = List.of(PREFIX + "listens+0+0.parquet", PREFIX + "listens+0+100.parquet");
        try (ChildJvm server = ChildJvm.start(S3ServerMain.class, List.of("-Xmx256m"),
                List.of(root.toString(), Integer.toString(port), ACCESS_KEY, SECRET_KEY, BUCKET), dataDir.resolve("s3.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> server.output().contains(S3ServerMain.READY));
            try (S3Client s3 = client("http://127.0.0.1:" + port)) {
                for (String key : completed) {
                    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("complete " + key));
                }
            }
            // an upload that sends 1 MiB of its 8 MiB body and then stalls: the kill lands in the middle of it
            try (Socket upload = startUpload(port, PREFIX + "interrupted.parquet", 8 << 20, 1 << 20)) {
                Path staging = root.resolveSibling("s3-staging");
                await().atMost(Duration.ofSeconds(30)).failFast("the server answered the upload",
                        () -> upload.getInputStream().available() > 0).until(() -> stagedBytes(staging) >= 1 << 20);
                server.kill();
            }
        }

        try (EmbeddedS3Server restarted = new EmbeddedS3Server(root, "127.0.0.1", FreePorts.next(), ACCESS_KEY, SECRET_KEY,
                BUCKET, EmbeddedS3Server.Keys.PLAYLOG)) {
            restarted.start();
            try (S3Client s3 = client(restarted.endpoint())) {
                assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("lake/")).contents()).extracting(S3Object::key)
                        .containsExactlyInAnyOrderElementsOf(completed);
            }
            assertThat(stagedBytes(restarted.staging())).isZero();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void startRemovesTheTemporaryFilesAKilledStoreLeftInABucket() throws Exception {
        Path root = dataDir.resolve("s3");
        Path folder = root.resolve(BUCKET).resolve(PREFIX);
        try (EmbeddedS3Server server = new EmbeddedS3Server(root, "127.0.0.1", FreePorts.next(), ACCESS_KEY, SECRET_KEY,
                BUCKET, EmbeddedS3Server.Keys.PLAYLOG)) {
            server.start();
            try (S3Client s3 = client(server.endpoint())) {
                s3.putObject(b -> b.bucket(BUCKET).key(PREFIX + "listens+1+0.parquet"), RequestBody.fromString("done"));
            }
        }
        // what a kill -9 leaves while s3proxy writes <key>-<uuid> beside the final name: empty, or written but not moved
        Path empty = Files.createFile(folder.resolve("listens+1+50.parquet-" + UUID.randomUUID()));
        Path unmoved = Files.writeString(folder.resolve("listens+1+90.parquet-" + UUID.randomUUID()), "partial");

        try (EmbeddedS3Server server = new EmbeddedS3Server(root, "127.0.0.1", FreePorts.next(), ACCESS_KEY, SECRET_KEY,
                BUCKET, EmbeddedS3Server.Keys.PLAYLOG)) {
            server.start();
            try (S3Client s3 = client(server.endpoint())) {
                assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                        .containsExactly(PREFIX + "listens+1+0.parquet");
            }
        }
        assertThat(empty).doesNotExist();
        assertThat(unmoved).doesNotExist();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void listingsDuringConcurrentUploadsReturnEveryCompletedObject() throws Exception {
        int writers = 4;
        int objectsPerWriter = 120;
        Set<String> completed = ConcurrentHashMap.newKeySet();
        List<String> shortListings = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        int listings = 0;
        try (EmbeddedS3Server server = new EmbeddedS3Server(dataDir.resolve("s3"), "127.0.0.1", FreePorts.next(),
                ACCESS_KEY, SECRET_KEY, BUCKET, EmbeddedS3Server.Keys.PLAYLOG);
                S3Client s3 = startAndConnect(server)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> uploads = new ArrayList<>();
            byte[] body = new byte[64 * 1024];
            for (int w = 0; w < writers; w++) {
                int writer = w;
                uploads.add(pool.submit(() -> {
                    for (int i = 0; i < objectsPerWriter; i++) {
                        String key = "lake/listens/date=2026-12-04/hour=0" + (i % 3) + "/listens+" + writer + "+" + i + ".parquet";
                        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
                        completed.add(key);
                    }
                }));
            }
            pool.shutdown();
            while (writing.get()) {
                writing.set(!pool.isTerminated());
                Set<String> before = Set.copyOf(completed);
                List<String> listed = new ArrayList<>();
                s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("lake/")).contents()
                        .forEach(o -> listed.add(o.key()));
                listings++;
                if (!listed.containsAll(before)) {
                    shortListings.add(listed.size() + " listed, " + before.size() + " completed before");
                }
            }
            for (Future<?> upload : uploads) {
                upload.get(); // an upload that failed fails the test
            }
        }
        assertThat(completed).hasSize(writers * objectsPerWriter);
        assertThat(listings).isGreaterThan(5);
        assertThat(shortListings).isEmpty();
    }

    /** A V2-signed PUT (key without characters to encode) over a raw socket that sends {@code sent} of {@code length} body bytes and then waits. */
    private static Socket startUpload(int port, String key, int length, int sent) throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String resource = "/" + BUCKET + "/" + key;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(
                ("PUT\n\napplication/octet-stream\n" + date + "\n" + resource).getBytes(StandardCharsets.UTF_8)));
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("PUT " + resource + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nDate: " + date
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length
                + "\r\nAuthorization: AWS " + ACCESS_KEY + ":" + signature + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[sent]);
        out.flush();
        return socket;
    }

    private static long stagedBytes(Path staging) throws IOException {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(staging)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static S3Client startAndConnect(EmbeddedS3Server server) {
        server.start();
        return client(server.endpoint());
    }

    private static S3Client client(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
