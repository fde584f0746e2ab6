package dev.playlog.ops;

import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/** {@code /actuator/health} component "s3": UP when the lake's bucket answers a HEAD request. */
@Component("s3")
public class S3HealthIndicator extends AbstractHealthIndicator {

    private final S3Client s3;
    private final S3Properties properties;

    public S3HealthIndicator(@Qualifier(S3ClientConfiguration.CLIENT_BEAN) S3Client s3, S3Properties properties) {
        super("S3 health check failed");
        this.s3 = s3;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        s3.headBucket(HeadBucketRequest.builder().bucket(properties.bucket()).build());
        builder.up().withDetail("endpoint", properties.endpoint()).withDetail("bucket", properties.bucket());
    }
}
