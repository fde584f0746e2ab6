package dev.playlog.lake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the lake writer ({@code playlog.lake.*}), used by the lake-write route.
 *
 * @param prefix     key prefix inside the bucket; objects go to {@code <prefix>/listens/date=/hour=/}, payloads of
 *                   oversized dead letters to {@code <prefix>/dead-letters/}
 * @param maxRecords a file closes when its batch holds this many records (Kafka {@code maxPollRecords})
 * @param maxAgeMs   ... or when the batch is this old (Kafka {@code batchingIntervalMs})
 * @param groupId    Kafka consumer group of the lake writer
 * @param consumers  lake-write consumers (threads) in that group, each writing its own partitions' objects; more than
 *                   the topic's partitions ({@code playlog.kafka.partitions}) leaves the extra ones idle
 */
@Validated
@ConfigurationProperties(prefix = "playlog.lake")
public record LakeProperties(
        @DefaultValue("lake") @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_\\-/]*[a-z0-9]", message = "must be lowercase letters, digits, '-', '_' or '/', starting and ending with a letter or digit") String prefix,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRecords,
        @DefaultValue("10000") @Min(100) @Max(3_600_000) long maxAgeMs,
        @DefaultValue("playlog-lake") @NotBlank String groupId,
        @DefaultValue("3") @Min(1) @Max(64) int consumers) {

    public String listensPrefix() {
        return prefix + "/listens/";
    }

    /** Where the payloads of dead letters too large for the dead-letter topic are kept: {@code <prefix>/dead-letters/}. */
    public String deadLettersPrefix() {
        return prefix + "/dead-letters/";
    }
}
