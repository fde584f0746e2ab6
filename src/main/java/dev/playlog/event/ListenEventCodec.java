package dev.playlog.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns listen events into the Kafka wire format (JSON, UTF-8) and back, validating against the committed JSON
 * schema on both sides: producers never send an invalid event, the lake writer dead-letters what fails.
 */
@Component(ListenEventCodec.BEAN)
public class ListenEventCodec {

    public static final String BEAN = "listenEventCodec";
    public static final String SCHEMA_RESOURCE = "/schema/listen-event.v1.schema.json";

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    private final JsonSchema schema;

    public ListenEventCodec() {
        try (InputStream in = ListenEventCodec.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Schema " + SCHEMA_RESOURCE + " is missing from the classpath");
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes a valid event; an invalid one is a programming error of the producer and throws. */
    public String encode(ListenEvent event) {
        JsonNode node = mapper.valueToTree(event);
        Set<ValidationMessage> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            throw new InvalidEventException(describe(errors));
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize event " + event.eventId(), e);
        }
    }

    /** Parses and validates one Kafka record value; throws {@link InvalidEventException} with the reason. */
    public ListenEvent decode(String json) {
        return decodeTree(json).event();
    }

    /** A validated event together with the JSON tree it was read from (the lake writer extends that tree). */
    public record Decoded(ListenEvent event, ObjectNode tree) {
    }

    /** Like {@link #decode(String)}, keeping the parsed tree so callers need not serialize the event again. */
    public Decoded decodeTree(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty record value");
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        }
        Set<ValidationMessage> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            throw new InvalidEventException(describe(errors));
        }
        try {
            // the schema checks the shape of played_at; a month 13 or hour 25 must be refused here, not by the lake
            java.time.Instant.parse(node.get("played_at").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidEventException("played_at is not a valid UTC instant: " + node.get("played_at").asText());
        }
        try {
            return new Decoded(mapper.treeToValue(node, ListenEvent.class), (ObjectNode) node);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("does not bind: " + e.getOriginalMessage());
        }
    }

    private static String describe(Set<ValidationMessage> errors) {
        return "schema v" + ListenEvent.SCHEMA_VERSION + " violated: "
                + errors.stream().map(ValidationMessage::getMessage).sorted().limit(5).collect(Collectors.joining("; "));
    }
}
