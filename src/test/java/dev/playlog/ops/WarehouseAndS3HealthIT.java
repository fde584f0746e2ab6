package dev.playlog.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playlog.embedded.EmbeddedS3Server;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3Properties;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import dev.playlog.warehouse.WarehouseRefresher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Components "warehouse" and "s3" with a real S3 server and DuckDB: the refresh failing K times in a row and S3
 * listing errors turn them DOWN with the reason; one good refresh brings the warehouse back.
 */
class WarehouseAndS3HealthIT {

    private static final int K = 3;

    @TempDir
    Path tmp;

    @Test
    void refreshFailingKTimesInARowAndListingErrorsAreDownWithTheReason() throws Exception {
        int port = freePort();
        S3Properties s3Properties = new S3Properties("http://127.0.0.1:" + port, "lakebucket", "us-east-1", "key", "secret-value");
        LakeProperties lake = new LakeProperties("lake", 100, 1000, "g", 1);
        WarehouseProperties properties = new WarehouseProperties(WarehouseProperties.Type.duckdb, "0 0 * * * ?",
                new WarehouseProperties.DuckDb(tmp.resolve("w/playlog.duckdb").toString(), tmp.resolve("w/lake").toString(),
                        Duration.ofSeconds(5)), WarehouseProperties.Snowflake.defaults());
        HealthProperties limits = new HealthProperties(Duration.ofMinutes(5), K, Duration.ofMinutes(30));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedS3Server server = new EmbeddedS3Server(tmp.resolve("s3"), port, "key", "secret-value", "lakebucket");
        server.start();
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret-value"))).build()) {
            DuckDbWarehouse warehouse = new DuckDbWarehouse(s3, s3Properties, lake, properties.duckdb());
            warehouse.bootstrap();
            WarehouseLock lock = new WarehouseLock();
            WarehouseRefresher refresher = new WarehouseRefresher(warehouse, lock, registry);
            WarehouseHealthIndicator health = new WarehouseHealthIndicator(warehouse, lock, properties, refresher, limits);
            S3HealthIndicator s3Health = new S3HealthIndicator(s3, s3Properties, lake);

            refresher.refresh();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(s3Health.health().getStatus()).isEqualTo(Status.UP);
            double firstSuccess = registry.get("playlog.warehouse.refresh.last.success").gauge().value();
            assertThat(firstSuccess).isPositive();

            server.close(); // S3 down: listings fail
            Health s3Down = s3Health.health();
            assertThat(s3Down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(s3Down.getDetails().get("reason").toString()).startsWith("listing lake/listens/ failed: ");
            for (int attempt = 1; attempt < K; attempt++) {
                assertThatThrownBy(refresher::refresh).isInstanceOf(RuntimeException.class);
                assertThat(health.health().getStatus()).as("after %d failures", attempt).isEqualTo(Status.UP);
            }
            assertThatThrownBy(refresher::refresh).isInstanceOf(RuntimeException.class);
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("reason").toString())
                    .startsWith("the warehouse refresh failed 3 times in a row (limit 3, playlog.health.refresh-failures): ");
            assertThat(down.getDetails()).containsEntry("refreshFailuresInARow", 3);
            assertThat(registry.get("playlog.warehouse.refresh.last.success").gauge().value()).isEqualTo(firstSuccess);

            server = new EmbeddedS3Server(tmp.resolve("s3"), port, "key", "secret-value", "lakebucket");
            server.start();
            refresher.refresh();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(s3Health.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            server.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
