package dev.playlog.ops;

import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * {@code /actuator/health} component "s3": UP when a listing of the lake's prefix answers, DOWN with the error
 * otherwise. A listing rather than a HEAD on the bucket: a broken store answered HEAD but failed every listing.
 */
@Component("s3")
public class S3HealthIndicator extends AbstractHealthIndicator {

    private final S3Client s3;
    private final S3Properties properties;

    private final LakeProperties lake;

    public S3HealthIndicator(@Qualifier(S3ClientConfiguration.CLIENT_BEAN) S3Client s3, S3Properties properties,
            LakeProperties lake) {
        super("S3 health check failed");
        this.s3 = s3;
        this.properties = properties;
        this.lake = lake;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("endpoint", properties.endpoint()).withDetail("bucket", properties.bucket());
        try {
            s3.listObjectsV2(ListObjectsV2Request.builder().bucket(properties.bucket()).prefix(lake.listensPrefix())
                    .maxKeys(1).build());
            builder.up();
        } catch (RuntimeException e) {
            builder.down().withDetail("reason", "listing " + lake.listensPrefix() + " failed: " + e.getMessage());
        }
    }
}
