package dev.playlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.playlog.simulator.BehaviouralGenerator;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the hand-written codec to the committed JSON schema: the schema file, read by a generic JSON-schema
 * validator, is the oracle. Thousands of simulated events and a few thousand broken variants of them (each field
 * removed, nulled, given every wrong JSON type, out-of-range numbers, over-long and empty strings, values outside
 * the enums and patterns, extra fields) must get the same verdict from both.
 */
class ListenEventContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static JsonSchema schema;
    /** The checking clock: played_at may lie up to a day after it. */
    private static final Instant NOW = Instant.parse("2026-11-21T07:00:00Z");
    private static final String LATEST = "2026-11-22T07:00:00.000Z";
    private final ListenEventCodec codec = new ListenEventCodec(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = ListenEventCodec.class.getResourceAsStream(ListenEventCodec.SCHEMA_RESOURCE)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    /**
     * The schema's verdict, plus the rules it cannot express: played_at must be a real instant, from 2000 to a day
     * after the checking clock.
     */
    private static boolean schemaAccepts(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        if (!schema.validate(node).isEmpty()) {
            return false;
        }
        for (String integral : List.of("duration_ms", "ms_played")) {
            JsonNode n = node.get(integral);
            if (n != null && n.isBigInteger()) {
                return false; // valid JSON-schema integer, but no Java long (and no Parquet BIGINT)
            }
        }
        try {
            Instant playedAt = Instant.parse(node.get("played_at").asText());
            return !playedAt.isBefore(Instant.parse("2000-01-01T00:00:00Z")) && !playedAt.isAfter(NOW.plus(java.time.Duration.ofDays(1)));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private boolean codecAccepts(String json) {
        try {
            codec.decode(json);
            return true;
        } catch (InvalidEventException e) {
            assertThat(e.getMessage()).matches("(schema v1 violated: [a-z_A-Z]+: |not JSON: |empty record value).*");
            return false;
        }
    }

    private static List<ListenEvent> simulated(int count) {
        BehaviouralGenerator generator = new BehaviouralGenerator(7, 300, 2_000);
        List<ListenEvent> events = new ArrayList<>();
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            events.add(generator.next(start.plusSeconds(i * 37L)));
        }
        return events;
    }

    @Test
    void encodesWhatTheSchemaAcceptsAndReadsItBackUnchanged() throws Exception {
        List<ListenEvent> events = new ArrayList<>(simulated(5_000));
        events.add(ListenEventCodecTest.event("play"));
        events.add(spotifyStyle());
        for (ListenEvent event : events) {
            String json = codec.encode(event);
            assertThat(schemaAccepts(json)).as(json).isTrue();
            assertThat(codec.decode(json)).isEqualTo(event);
            assertThat(codec.playedAtOfValid(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), LATEST))
                    .isEqualTo(event.playedAt());
            // what the serializer wrote, read by another parser: every field of the record, in the schema's order
            JsonNode written = MAPPER.readTree(json);
            assertThat(written).as(json).isEqualTo(expectedJson(event));
            List<String> order = new ArrayList<>();
            written.fieldNames().forEachRemaining(order::add);
            assertThat(order).containsExactly(ListenEventCodec.FIELDS);
            assertThat(codec.encodeBytes(event)).isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void agreesWithTheSchemaOnEveryBrokenVariant() throws Exception {
        List<String> variants = new ArrayList<>();
        for (ListenEvent event : List.of(simulated(1).get(0), spotifyStyle())) {
            variants.addAll(variantsOf((ObjectNode) MAPPER.readTree(codec.encode(event))));
        }
        assertThat(variants).hasSizeGreaterThan(1_000);
        int rejected = 0;
        for (String json : variants) {
            boolean expected = schemaAccepts(json);
            assertThat(codecAccepts(json)).as("verdict on %s", json).isEqualTo(expected);
            // the lake's allocation-free check: accepts exactly the same, and never on its own
            byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(new ListenEventCheck(MAPPER.getFactory()).playedAtIfValid(bytes, LATEST) != null).as("fast verdict on %s", json)
                    .isEqualTo(expected);
            rejected += expected ? 0 : 1;
        }
        // both verdicts occur, so the comparison is not one-sided
        assertThat(rejected).isBetween(variants.size() / 2, variants.size() - 50);
    }

    @Test
    void refusesToEncodeWhatTheSchemaRejects() throws Exception {
        ListenEvent good = simulated(1).get(0);
        List<ListenEvent> bad = List.of(
                copy(good, "event_id", "ABCDEF0123456789ABCDEF0123456789"),
                copy(good, "country", "Germany"),
                copy(good, "user_id", ""),
                copy(good, "event_type", "dance"),
                copy(good, "played_at", "2026-02-30T10:00:00.000Z"),
                copy(good, "isrc", "X".repeat(21)),
                copy(good, "subscription", null),
                copy(good, "context_type", "podcast"));
        for (ListenEvent event : bad) {
            assertThatThrownBy(() -> codec.encode(event)).isInstanceOf(InvalidEventException.class)
                    .hasMessageStartingWith("schema v1 violated: ");
            String json = MAPPER.writeValueAsString(event);
            assertThat(schemaAccepts(json)).as(json).isFalse();
        }
    }

    @Test
    void fieldTableMatchesTheSchemaAndTheRecord() throws Exception {
        JsonNode properties;
        try (InputStream in = ListenEventCodec.class.getResourceAsStream(ListenEventCodec.SCHEMA_RESOURCE)) {
            properties = MAPPER.readTree(in).get("properties");
        }
        List<String> schemaFields = new ArrayList<>();
        properties.fieldNames().forEachRemaining(schemaFields::add);
        assertThat(ListenEventCodec.FIELDS).containsExactlyElementsOf(schemaFields);
        for (int i = 0; i < ListenEventCodec.FIELDS.length; i++) {
            assertThat(ListenEventCodec.index(ListenEventCodec.FIELDS[i])).isEqualTo(i);
        }
        List<String> recordFields = new ArrayList<>();
        MAPPER.valueToTree(simulated(1).get(0)).fieldNames().forEachRemaining(recordFields::add);
        assertThat(recordFields).containsExactlyElementsOf(schemaFields);
    }

    @Test
    void namesEveryProblemOfARecord() {
        String json = codec.encode(ListenEventCodecTest.event("play")).replaceFirst("\"event_id\":\"[0-9a-f]+\",", "")
                .replace("{", "{\"surprise\":1,");
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(InvalidEventException.class)
                .hasMessage("schema v1 violated: event_id: required field missing; "
                        + "surprise: not a field of the contract (additional properties are not allowed)");
        assertThatThrownBy(() -> codec.decode("{\"schema_version\":1}"))
                .hasMessageEndingWith("(and 7 more)").hasMessageContaining("event_id: required field missing");
        assertThatThrownBy(() -> codec.decode("[1, 2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> codec.decode("{\"a\":1} {}")).hasMessageStartingWith("not JSON");
        String twice = codec.encode(ListenEventCodecTest.event("play")).replace("{", "{\"user_id\":\"u2\",");
        assertThatThrownBy(() -> codec.decode(twice)).hasMessageContaining("user_id: appears twice");
    }

    @Test
    void enumSetsListWhatTheSchemaAllows() throws Exception {
        JsonNode properties;
        try (InputStream in = ListenEventCodec.class.getResourceAsStream(ListenEventCodec.SCHEMA_RESOURCE)) {
            properties = MAPPER.readTree(in).get("properties");
        }
        Map<String, java.util.Set<String>> sets = Map.of("event_type", ListenEventContract.EVENT_TYPES, "device_type",
                ListenEventContract.DEVICE_TYPES, "subscription", ListenEventContract.SUBSCRIPTIONS, "context_type",
                ListenEventContract.CONTEXT_TYPES, "source", ListenEventContract.SOURCES);
        sets.forEach((field, set) -> {
            java.util.Set<String> schemaValues = new java.util.HashSet<>();
            properties.get(field).get("enum").forEach(v -> {
                if (!v.isNull()) {
                    schemaValues.add(v.asText());
                }
            });
            assertThat(set).as(field).isEqualTo(schemaValues);
        });
    }

    @Test
    void playedAtMustBeARealInstant() {
        assertThat(ListenEventContract.isUtcMillis("2024-02-29T23:59:59.999Z")).isTrue();
        assertThat(ListenEventContract.isUtcMillis("2023-02-29T10:00:00.000Z")).isFalse();
        assertThat(ListenEventContract.isUtcMillis("1900-02-29T10:00:00.000Z")).isFalse();
        assertThat(ListenEventContract.isUtcMillis("2000-02-29T10:00:00.000Z")).isTrue();
        assertThat(ListenEventContract.isUtcMillis("2026-04-31T10:00:00.000Z")).isFalse();
        assertThat(ListenEventContract.isUtcMillis("2026-04-30T24:00:00.000Z")).isFalse();
        assertThat(ListenEventContract.isUtcMillis("2026-04-30T10:00:00.000+00:00")).isFalse();
        assertThat(ListenEventContract.isUtcMillis("2026-04-30 10:00:00.000Z")).isFalse();
    }

    /** The JSON a record should become, built from its accessors without the codec. */
    private static JsonNode expectedJson(ListenEvent e) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("schema_version", e.schemaVersion());
        fields.put("event_id", e.eventId());
        fields.put("event_type", e.eventType());
        fields.put("user_id", e.userId());
        fields.put("session_id", e.sessionId());
        fields.put("track_id", e.trackId());
        fields.put("track_name", e.trackName());
        fields.put("artist_id", e.artistId());
        fields.put("artist_name", e.artistName());
        fields.put("album_id", e.albumId());
        fields.put("album_name", e.albumName());
        fields.put("duration_ms", e.durationMs());
        fields.put("ms_played", e.msPlayed());
        fields.put("device_type", e.deviceType());
        fields.put("country", e.country());
        fields.put("subscription", e.subscription());
        fields.put("context_type", e.contextType());
        fields.put("context_uri", e.contextUri());
        fields.put("played_at", e.playedAt());
        fields.put("source", e.source());
        fields.put("shuffle", e.shuffle());
        fields.put("reason_start", e.reasonStart());
        fields.put("reason_end", e.reasonEnd());
        fields.put("platform", e.platform());
        fields.put("isrc", e.isrc());
        fields.put("explicit", e.explicit());
        // through text, so numbers get the node types a parser gives them
        return MAPPER.readTree(MAPPER.writeValueAsString(fields));
    }

    @Test
    void dbtAppliesTheSamePlayedAtRangeAsTheContract() throws Exception {
        Map<String, Object> project;
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("dbt/dbt_project.yml"))) {
            project = new org.yaml.snakeyaml.Yaml().load(in);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) project.get("vars");
        assertThat(vars.get("listen_event_earliest_played_at").toString().replace(' ', 'T') + ".000Z")
                .isEqualTo(ListenEventContract.EARLIEST_PLAYED_AT);
        assertThat(((Number) vars.get("listen_event_max_hours_ahead")).longValue())
                .isEqualTo(ListenEventContract.MAX_AHEAD.toHours());
    }

    private static ListenEvent spotifyStyle() {
        Instant at = Instant.parse("2026-05-04T21:15:03.000Z");
        return new ListenEvent(1, EventIds.ofStream("acct", "4uLU6hMCjMI75M1A2tKUQC", at), "play", "acct", null,
                "4uLU6hMCjMI75M1A2tKUQC", "Never Gonna Give You Up", null, "Rick Astley", null, null, null, 213_573,
                "unknown", null, "unknown", null, null, EventIds.formatPlayedAt(at), "spotify", null, null, null, null,
                null, null);
    }

    private static ListenEvent copy(ListenEvent event, String field, Object value) throws Exception {
        ObjectNode node = MAPPER.valueToTree(event);
        node.set(field, MAPPER.valueToTree(value));
        return MAPPER.treeToValue(node, ListenEvent.class);
    }

    /** Every field removed, nulled and replaced by values of each JSON type and at each boundary, plus extras. */
    private static List<String> variantsOf(ObjectNode event) {
        Map<String, JsonNode> replacements = new LinkedHashMap<>();
        replacements.put("null", NODES.nullNode());
        replacements.put("empty", NODES.textNode(""));
        replacements.put("x", NODES.textNode("x"));
        replacements.put("1", NODES.numberNode(1));
        replacements.put("0", NODES.numberNode(0));
        replacements.put("-1", NODES.numberNode(-1));
        replacements.put("2", NODES.numberNode(2));
        replacements.put("1.5", NODES.numberNode(1.5));
        replacements.put("huge", NODES.numberNode(new BigInteger("123456789012345678901234567890")));
        replacements.put("long", NODES.numberNode(Long.MAX_VALUE));
        replacements.put("true", NODES.booleanNode(true));
        replacements.put("object", NODES.objectNode().put("a", 1));
        replacements.put("array", NODES.arrayNode().add("play"));
        for (int length : new int[] {2, 19, 20, 21, 32, 99, 100, 101, 199, 200, 201, 499, 500, 501, 999, 1000, 1001}) {
            replacements.put("a*" + length, NODES.textNode("a".repeat(length)));
            // astral characters: 2 UTF-16 units each, 1 code point for JSON schema's lengths
            replacements.put("emoji*" + length, NODES.textNode("\uD83C\uDFB5".repeat(length)));
        }
        for (String value : List.of("play", "skip", "pause", "add_to_playlist", "like", "Play", "mobile", "speaker",
                "console", "car ", "premium", "free", "unknown", "playlist", "collection", "search", "podcast",
                "simulator", "spotify", "import", "kafka", "DE", "US", "de", "D1", "DEU", "0123456789abcdef0123456789abcdef",
                "0123456789ABCDEF0123456789abcdef", "0123456789abcdef0123456789abcde", "g123456789abcdef0123456789abcdef",
                "2026-11-21T07:05:09.123Z", "2026-11-21T07:05:09Z", "2026-11-21T07:05:09.123+01:00", "2026-13-21T07:05:09.123Z",
                "2026-02-29T07:05:09.123Z", "2028-02-29T07:05:09.123Z", "2026-11-31T07:05:09.123Z", "2026-11-21T24:05:09.123Z",
                "2026-11-21T07:60:09.123Z", "2026-11-21T07:05:09.1234Z", "2026-11-21 07:05:09.123Z", "\u00fc\u00f1\u00ef\u00e7\u00f8d\u00e9",
                "0000-01-01T00:00:00.000Z", "1999-12-31T23:59:59.999Z", "2000-01-01T00:00:00.000Z", LATEST,
                "2026-11-22T07:00:00.001Z", "9999-12-31T23:59:59.999Z", "pair \ud83c\udfb5 ok")) {
            replacements.put("'" + value + "'", NODES.textNode(value));
        }
        // every value any enum of the schema allows, in every field
        try (InputStream in = ListenEventCodec.class.getResourceAsStream(ListenEventCodec.SCHEMA_RESOURCE)) {
            MAPPER.readTree(in).get("properties").forEach(property -> {
                if (property.has("enum")) {
                    property.get("enum").forEach(v -> replacements.put("enum " + v, v));
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> variants = new ArrayList<>();
        for (Iterator<String> names = event.fieldNames(); names.hasNext();) {
            String field = names.next();
            ObjectNode without = event.deepCopy();
            without.remove(field);
            variants.add(without.toString());
            for (JsonNode replacement : replacements.values()) {
                ObjectNode changed = event.deepCopy();
                changed.set(field, replacement);
                variants.add(changed.toString());
            }
        }
        for (String extra : List.of("surprise", "eventId", "kafka_offset", "Event_ID")) {
            ObjectNode changed = event.deepCopy();
            changed.put(extra, 1);
            variants.add(changed.toString());
        }
        variants.add("{}");
        return variants;
    }
}
