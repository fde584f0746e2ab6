package dev.playlog.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kafka producer settings of a route file's {@code to: kafka:...} step, as Kafka client properties, so that the
 * producer ceiling is measured with exactly the settings the route ships with (edit the route, the ceiling follows).
 * An endpoint option this class cannot translate fails the benchmark instead of being silently left out.
 */
final class RouteProducerSettings {

    /** Camel kafka endpoint option -> Kafka producer property. */
    private static final Map<String, String> CLIENT_PROPERTY = Map.of(
            "requestRequiredAcks", "acks",
            "enableIdempotence", "enable.idempotence",
            "lingerMs", "linger.ms",
            "compressionCodec", "compression.type",
            "producerBatchSize", "batch.size",
            "bufferMemorySize", "buffer.memory",
            "maxInFlightRequest", "max.in.flight.requests.per.connection",
            "maxRequestSize", "max.request.size");

    private RouteProducerSettings() {
    }

    static Map<String, String> of(Path routeFile) throws IOException {
        Object parsed;
        try (Reader in = Files.newBufferedReader(routeFile)) {
            parsed = new Yaml().load(in);
        }
        Map<String, Object> parameters = findKafkaTo(parsed);
        if (parameters == null) {
            throw new IllegalStateException("No `to: kafka:...` step with parameters in " + routeFile);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        parameters.forEach((option, value) -> {
            if (option.equals("synchronous") || option.equals("valueSerializer")) {
                return; // Camel's threading, and the serializer ProducerPerformance always uses (bytes)
            }
            String property = CLIENT_PROPERTY.get(option);
            if (property == null) {
                throw new IllegalStateException("The benchmark does not know the Kafka client property of endpoint option "
                        + option + " in " + routeFile + ": add it to " + RouteProducerSettings.class.getSimpleName());
            }
            properties.put(property, String.valueOf(value));
        });
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> findKafkaTo(Object node) {
        if (node instanceof Map<?, ?> map) {
            Object to = map.get("to");
            if (to instanceof Map<?, ?> step && String.valueOf(step.get("uri")).startsWith("kafka:")
                    && step.get("parameters") instanceof Map<?, ?> parameters) {
                return (Map<String, Object>) parameters;
            }
            for (Object child : map.values()) {
                Map<String, Object> found = findKafkaTo(child);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object child : list) {
                Map<String, Object> found = findKafkaTo(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
