package dev.playlog.embedded;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code playlog.embedded.*}: the Kafka broker and S3 server Playlog starts in-process when nothing external is
 * configured. Their data lives under {@code playlog.data-dir} ({@code data} by default), in {@code kafka/} and
 * {@code s3/}.
 *
 * @param kafka the embedded single-node KRaft broker
 * @param s3    the embedded S3-compatible server
 */
@ConfigurationProperties(prefix = "playlog.embedded")
@Validated
public record EmbeddedProperties(@Valid @DefaultValue Kafka kafka, @Valid @DefaultValue S3 s3) {

    /**
     * {@code playlog.embedded.kafka.*}.
     *
     * @param enabled        start the broker ({@code false} when {@code playlog.kafka.bootstrap-servers} points at
     *                       an existing one)
     * @param host           address to listen on and advertise
     * @param port           client port
     * @param controllerPort KRaft controller port
     * @param partitions     partitions of auto-created topics ({@code num.partitions})
     */
    public record Kafka(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1") @NotBlank String host,
            @DefaultValue("9092") @Min(1) @Max(65535) int port,
            @DefaultValue("9093") @Min(1) @Max(65535) int controllerPort,
            @DefaultValue("3") @Min(1) int partitions) {
    }

    /**
     * {@code playlog.embedded.s3.*}.
     *
     * @param enabled start the server ({@code false} when {@code playlog.s3.endpoint} points at an existing service)
     * @param host    address to listen on
     * @param port    HTTP port
     */
    public record S3(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1") @NotBlank String host,
            @DefaultValue("9000") @Min(1) @Max(65535) int port) {
    }
}
