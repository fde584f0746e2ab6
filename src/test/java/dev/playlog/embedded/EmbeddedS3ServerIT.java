package dev.playlog.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3ServerIT {

    private static final String ACCESS_KEY = "playlog";
    private static final String SECRET_KEY = "playlog-secret-key";
    private static final String BUCKET = "lake";
    private static final String KEY = "events/dt=2026-11-21/hour=05/part-0001.json";
    private static final String BODY = "{\"user\":\"u1\",\"track\":\"t9\"}\n";

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void putListGetAndObjectsSurviveARestartOnTheSameFolder() {
        Path root = dataDir.resolve("s3");
        int port = FreePorts.next();

        try (EmbeddedS3Server server = new EmbeddedS3Server(root, "127.0.0.1", port, ACCESS_KEY, SECRET_KEY, BUCKET,
                EmbeddedS3Server.Keys.PLAYLOG)) {
            server.start();
            assertThat(server.endpoint()).isEqualTo("http://127.0.0.1:" + port);
            try (S3Client s3 = client(server.endpoint(), SECRET_KEY)) {
                assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains(BUCKET);
                s3.putObject(b -> b.bucket(BUCKET).key(KEY).contentType("application/json"),
                        RequestBody.fromString(BODY, StandardCharsets.UTF_8));
                s3.putObject(b -> b.bucket(BUCKET).key("events/other.json"), RequestBody.fromString("{}"));

                assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("events/dt=")).contents())
                        .extracting(S3Object::key).containsExactly(KEY);
                assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(KEY)).asUtf8String()).isEqualTo(BODY);
            }
        }

        try (EmbeddedS3Server server = new EmbeddedS3Server(root, "127.0.0.1", port, ACCESS_KEY, SECRET_KEY, BUCKET,
                EmbeddedS3Server.Keys.PLAYLOG)) {
            server.start(); // the bucket exists already: start() must keep it and its objects
            try (S3Client s3 = client(server.endpoint(), SECRET_KEY)) {
                assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents())
                        .extracting(S3Object::key).containsExactlyInAnyOrder(KEY, "events/other.json");
                ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(KEY));
                assertThat(got.asUtf8String()).isEqualTo(BODY);
                assertThat(got.response().contentLength()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8).length);
                assertThat(got.response().contentType()).isEqualTo("application/json");
            }
            // objects are plain files under <root>/<bucket>/<key>, readable without the server
            assertThat(root.resolve(BUCKET).resolve(KEY)).hasBinaryContent(BODY.getBytes(StandardCharsets.UTF_8));
            try (S3Client s3 = client(server.endpoint(), SECRET_KEY)) {
                s3.deleteObject(b -> b.bucket(BUCKET).key(KEY));
                assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents())
                        .extracting(S3Object::key).containsExactly("events/other.json");
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void multipartUploadsAreAssembled() {
        byte[] part1 = new byte[5 * 1024 * 1024];
        Arrays.fill(part1, (byte) 'a');
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        try (EmbeddedS3Server server = new EmbeddedS3Server(dataDir.resolve("s3"), "127.0.0.1", FreePorts.next(),
                ACCESS_KEY, SECRET_KEY, BUCKET, EmbeddedS3Server.Keys.PLAYLOG);
                S3Client s3 = startAndConnect(server)) {
            String key = "big/object.bin";
            String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
            String etag1 = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
                    RequestBody.fromBytes(part1)).eTag();
            String etag2 = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(2),
                    RequestBody.fromBytes(part2)).eTag();
            s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                            CompletedPart.builder().partNumber(2).eTag(etag2).build())));

            byte[] got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
            assertThat(got).hasSize(part1.length + part2.length);
            assertThat(Arrays.copyOfRange(got, part1.length, got.length)).isEqualTo(part2);
            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
                    .containsExactly(key);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void requestsWithAWrongSecretAreRejected() {
        try (EmbeddedS3Server server = new EmbeddedS3Server(dataDir.resolve("s3"), "127.0.0.1", FreePorts.next(),
                ACCESS_KEY, SECRET_KEY, BUCKET, EmbeddedS3Server.Keys.PLAYLOG)) {
            server.start();
            try (S3Client s3 = client(server.endpoint(), "not-the-secret")) {
                assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket(BUCKET)))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            }
        }
    }

    @Test
    void aTakenPortFailsWithTheKeyToChange() throws Exception {
        try (ServerSocket taken = FreePorts.occupy()) {
            int port = taken.getLocalPort();
            EmbeddedS3Server server = new EmbeddedS3Server(dataDir.resolve("s3"), "127.0.0.1", port, ACCESS_KEY,
                    SECRET_KEY, BUCKET, EmbeddedS3Server.Keys.PLAYLOG);
            assertThatThrownBy(server::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Port " + port + " for the embedded S3 server is already in use: set "
                            + "playlog.embedded.s3.port to a free port, or playlog.embedded.s3.enabled=false and "
                            + "playlog.s3.endpoint to use an existing S3 service");
            assertThat(server.isRunning()).isFalse();
        }
    }

    private static S3Client startAndConnect(EmbeddedS3Server server) {
        server.start();
        return client(server.endpoint(), SECRET_KEY);
    }

    private static S3Client client(String endpoint, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
