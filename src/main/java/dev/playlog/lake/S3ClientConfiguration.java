package dev.playlog.lake;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one S3 client of the app, used by the lake-write route ({@code amazonS3Client: "#playlogS3Client"}), the
 * warehouse refresh and the health check. Path-style and checksums only when required, so S3-compatible servers
 * that predate flexible checksums (MinIO, s3proxy) accept its requests.
 */
@Configuration(proxyBeanMethods = false)
public class S3ClientConfiguration {

    public static final String CLIENT_BEAN = "playlogS3Client";

    @Bean(name = CLIENT_BEAN, destroyMethod = "close")
    S3Client playlogS3Client(S3Properties s3) {
        return S3Client.builder()
                .endpointOverride(s3.endpointUri())
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build();
    }
}
