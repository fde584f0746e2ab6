package dev.playlog.lake;

import dev.playlog.config.ConfigurationRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the lake lives ({@code playlog.s3.*}): any S3-compatible endpoint (the embedded server, MinIO, AWS).
 * The credentials are secrets: they come from the environment in production and are never logged.
 */
@Validated
@ConfigurationProperties(prefix = "playlog.s3")
public record S3Properties(
        @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL such as http://127.0.0.1:9000") String endpoint,
        @DefaultValue("playlog") @Pattern(regexp = "[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]", message = "must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit") String bucket,
        @DefaultValue("us-east-1") @NotBlank String region,
        @NotBlank @Pattern(regexp = ConfigurationRules.NOT_A_PLACEHOLDER, message = ConfigurationRules.UNRESOLVED) String accessKey,
        @NotBlank @Pattern(regexp = ConfigurationRules.NOT_A_PLACEHOLDER, message = ConfigurationRules.UNRESOLVED) String secretKey) {

    public URI endpointUri() {
        return URI.create(endpoint);
    }

    @Override
    public String toString() {
        return "S3Properties[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", accessKey=" + (accessKey == null || accessKey.length() < 4 ? "****" : accessKey.substring(0, 4) + "****")
                + ", secretKey=****]";
    }
}
