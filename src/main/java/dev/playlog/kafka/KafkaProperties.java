package dev.playlog.kafka;

import dev.playlog.config.ConfigurationRules;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka side of Playlog ({@code playlog.kafka.*}): where the broker is and which topics carry listen events.
 *
 * @param bootstrapServers  host:port list; the embedded broker's address by default
 * @param topic             listen events (simulate and spotify routes produce, lake-write consumes)
 * @param deadLetterTopic   records the lake writer refused, with the reason in headers
 * @param partitions        partitions of topics Playlog creates
 * @param replicationFactor replication of topics Playlog creates (1 for a single broker)
 */
@Validated
@ConfigurationProperties(prefix = "playlog.kafka")
public record KafkaProperties(
        @NotBlank @Pattern(regexp = ConfigurationRules.NOT_A_PLACEHOLDER, message = ConfigurationRules.UNRESOLVED) String bootstrapServers,
        @DefaultValue("listens") @Pattern(regexp = "[a-zA-Z0-9._\\-]{1,200}", message = "must be 1-200 letters, digits, '.', '_' or '-'") String topic,
        @DefaultValue("listens.dlq") @Pattern(regexp = "[a-zA-Z0-9._\\-]{1,200}", message = "must be 1-200 letters, digits, '.', '_' or '-'") String deadLetterTopic,
        @DefaultValue("3") @Min(1) @Max(1000) int partitions,
        @DefaultValue("1") @Min(1) @Max(10) short replicationFactor) {
}
