package dev.playlog.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns listen events into the Kafka wire format (JSON, UTF-8) and back, enforcing the committed contract
 * {@code schema/listen-event.v1.schema.json} on both sides: producers never send an invalid event, the lake writer
 * dead-letters what fails. Reading and writing are hand-written on Jackson's streaming API and the value rules live
 * in {@link ListenEventContract}: every simulated event and every lake row passes through here, and a generic
 * tree + JSON-schema walk cost five times as much. {@code ListenEventContractTest} holds this class to the schema file.
 */
@Component(ListenEventCodec.BEAN)
public class ListenEventCodec {

    public static final String BEAN = "listenEventCodec";
    public static final String SCHEMA_RESOURCE = "/schema/listen-event.v1.schema.json";

    /** Field names in the order they are written (the record's order). */
    static final String[] FIELDS = {"schema_version", "event_id", "event_type", "user_id", "session_id", "track_id",
        "track_name", "artist_id", "artist_name", "album_id", "album_name", "duration_ms", "ms_played", "device_type",
        "country", "subscription", "context_type", "context_uri", "played_at", "source", "shuffle", "reason_start",
        "reason_end", "platform", "isrc", "explicit"};
    /** Fields the schema lists as required, as a bit set over {@link #FIELDS}. */
    private static final long REQUIRED = bits("schema_version", "event_id", "event_type", "user_id", "session_id",
            "track_id", "track_name", "artist_id", "artist_name", "album_name", "duration_ms", "ms_played",
            "device_type", "country", "subscription", "context_type", "played_at", "source");

    private final JsonFactory json = new JsonFactory();
    private final ListenEventCheck check = new ListenEventCheck(json);
    private final Clock clock;
    /** {@link ListenEventContract#latestPlayedAt} of the clock's last millisecond: formatted once, not per event. */
    private volatile Latest latest = new Latest(Long.MIN_VALUE, null);

    private record Latest(long millis, String playedAt) {
    }

    public ListenEventCodec() {
        this(Clock.systemUTC());
    }

    /** With the clock that bounds {@code played_at} (tests fix it). */
    public ListenEventCodec(Clock clock) {
        this.clock = clock;
    }

    /** The latest {@code played_at} the contract accepts now: one day after this codec's clock. */
    public String latestPlayedAt() {
        long now = clock.millis();
        Latest l = latest;
        if (l.millis() != now) {
            l = new Latest(now, ListenEventContract.latestPlayedAt(Instant.ofEpochMilli(now)));
            latest = l;
        }
        return l.playedAt();
    }

    /** Serializes a valid event; an invalid one is a programming error of the producer and throws. */
    public String encode(ListenEvent event) {
        return new String(encodeBytes(event), StandardCharsets.UTF_8);
    }

    /** Like {@link #encode(ListenEvent)}, as the UTF-8 bytes Kafka sends (no String in between). */
    public byte[] encodeBytes(ListenEvent event) {
        List<String> violations = new ArrayList<>(0);
        ListenEventContract.check(event, latestPlayedAt(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(describe(violations));
        }
        // the generator with direct accessor calls: databind reaches a record's accessors by reflection
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            writeFields(g, event);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize event " + event.eventId(), e);
        }
        return out.toByteArray();
    }

    /** Writes the event's fields (no braces) in contract order; the lake writer appends its own after them. */
    public static void writeFields(JsonGenerator g, ListenEvent e) throws IOException {
        g.writeNumberField("schema_version", e.schemaVersion());
        g.writeStringField("event_id", e.eventId());
        g.writeStringField("event_type", e.eventType());
        g.writeStringField("user_id", e.userId());
        g.writeStringField("session_id", e.sessionId());
        g.writeStringField("track_id", e.trackId());
        g.writeStringField("track_name", e.trackName());
        g.writeStringField("artist_id", e.artistId());
        g.writeStringField("artist_name", e.artistName());
        g.writeStringField("album_id", e.albumId());
        g.writeStringField("album_name", e.albumName());
        writeNullableLong(g, "duration_ms", e.durationMs());
        g.writeNumberField("ms_played", e.msPlayed());
        g.writeStringField("device_type", e.deviceType());
        g.writeStringField("country", e.country());
        g.writeStringField("subscription", e.subscription());
        g.writeStringField("context_type", e.contextType());
        g.writeStringField("context_uri", e.contextUri());
        g.writeStringField("played_at", e.playedAt());
        g.writeStringField("source", e.source());
        writeNullableBoolean(g, "shuffle", e.shuffle());
        g.writeStringField("reason_start", e.reasonStart());
        g.writeStringField("reason_end", e.reasonEnd());
        g.writeStringField("platform", e.platform());
        g.writeStringField("isrc", e.isrc());
        writeNullableBoolean(g, "explicit", e.explicit());
    }

    private static void writeNullableLong(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }

    private static void writeNullableBoolean(JsonGenerator g, String name, Boolean value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeBooleanField(name, value);
        }
    }

    /** Parses and validates one Kafka record value; throws {@link InvalidEventException} with the reason. */
    public ListenEvent decode(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("empty record value");
        }
        try (JsonParser p = json.createParser(value)) {
            return decode(p, latestPlayedAt());
        } catch (IOException e) {
            throw new InvalidEventException("not JSON: " + e.getMessage());
        }
    }

    /**
     * Like {@link #decode(String)} for the record's bytes as Kafka delivers them (no String in between); bytes that are
     * not well-formed UTF-8 (overlong forms, encoded surrogates, stray continuation bytes) are refused.
     */
    public ListenEvent decode(byte[] value) {
        return decode(value, latestPlayedAt());
    }

    /** Like {@link #decode(byte[])} with the latest {@code played_at} to accept ({@link ListenEventContract#latestPlayedAt}). */
    public ListenEvent decode(byte[] value, String latestPlayedAt) {
        if (value == null || isBlank(value)) {
            throw new InvalidEventException(value == null ? "no record value (a tombstone)" : "empty record value");
        }
        int malformed = Utf8.scan(value);
        if (malformed >= 0) {
            throw new InvalidEventException("not UTF-8: ill-formed byte sequence at byte " + malformed + " ("
                    + Utf8.show(value, malformed) + ")");
        }
        try (JsonParser p = json.createParser(value)) {
            return decode(p, latestPlayedAt);
        } catch (IOException e) {
            throw new InvalidEventException("not JSON: " + e.getMessage());
        }
    }

    /**
     * {@code played_at} of a record value that keeps the contract, for callers that store the record's own bytes and
     * need no {@link ListenEvent} (the lake writer): a valid record is checked without building one; anything else
     * throws {@link InvalidEventException} with the reasons, exactly as {@link #decode(byte[], String)} does.
     */
    public String playedAtOfValid(byte[] value, String latestPlayedAt) {
        String playedAt = value == null ? null : check.playedAtIfValid(value, latestPlayedAt);
        return playedAt != null ? playedAt : decode(value, latestPlayedAt).playedAt();
    }

    static long requiredBits() {
        return REQUIRED;
    }

    private static boolean isBlank(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private ListenEvent decode(JsonParser p, String latestPlayedAt) throws IOException {
        Reader r = new Reader();
        try {
            r.read(p);
            if (p.nextToken() != null) {
                throw new InvalidEventException("not JSON: more than one value in the record");
            }
        } catch (JsonProcessingException e) {
            // syntax, bad UTF-8, or beyond Jackson's limits (a 20M-character string): the record is refused, never retried
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // the value is in memory: there is no I/O to fail, only content Jackson cannot decode
            throw new InvalidEventException("not JSON: " + e.getMessage());
        }
        List<String> violations = r.violations;
        long missing = REQUIRED & ~r.seen;
        for (int i = 0; i < FIELDS.length; i++) {
            if ((missing & (1L << i)) != 0) {
                violations.add(FIELDS[i] + ": required field missing");
            }
        }
        ListenEvent event = r.event();
        if (violations.isEmpty()) {
            ListenEventContract.check(event, latestPlayedAt, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidEventException(describe(violations));
        }
        return event;
    }

    private static String describe(List<String> violations) {
        String shown = violations.stream().sorted().limit(10).collect(Collectors.joining("; "));
        return "schema v" + ListenEvent.SCHEMA_VERSION + " violated: " + shown
                + (violations.size() > 10 ? " (and " + (violations.size() - 10) + " more)" : "");
    }

    private static long bits(String... names) {
        long bits = 0;
        for (String name : names) {
            bits |= 1L << index(name);
        }
        return bits;
    }

    /** Position of a field in {@link #FIELDS}, or -1 for a name the contract does not have. */
    static int index(String name) {
        return switch (name) {
            case "schema_version" -> 0;
            case "event_id" -> 1;
            case "event_type" -> 2;
            case "user_id" -> 3;
            case "session_id" -> 4;
            case "track_id" -> 5;
            case "track_name" -> 6;
            case "artist_id" -> 7;
            case "artist_name" -> 8;
            case "album_id" -> 9;
            case "album_name" -> 10;
            case "duration_ms" -> 11;
            case "ms_played" -> 12;
            case "device_type" -> 13;
            case "country" -> 14;
            case "subscription" -> 15;
            case "context_type" -> 16;
            case "context_uri" -> 17;
            case "played_at" -> 18;
            case "source" -> 19;
            case "shuffle" -> 20;
            case "reason_start" -> 21;
            case "reason_end" -> 22;
            case "platform" -> 23;
            case "isrc" -> 24;
            case "explicit" -> 25;
            default -> -1;
        };
    }

    /** One record being read: JSON types are checked here, values by {@link ListenEventContract}. */
    private static final class Reader {
        final List<String> violations = new ArrayList<>(0);
        long seen;
        int schemaVersion = -1;
        String eventId;
        String eventType;
        String userId;
        String sessionId;
        String trackId;
        String trackName;
        String artistId;
        String artistName;
        String albumId;
        String albumName;
        Long durationMs;
        long msPlayed;
        String deviceType;
        String country;
        String subscription;
        String contextType;
        String contextUri;
        String playedAt;
        String source;
        Boolean shuffle;
        String reasonStart;
        String reasonEnd;
        String platform;
        String isrc;
        Boolean explicit;

        void read(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("schema v" + ListenEvent.SCHEMA_VERSION
                        + " violated: the record is not a JSON object");
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                int index = index(name);
                if (index < 0) {
                    violations.add(clip(name) + ": not a field of the contract (additional properties are not allowed)");
                    p.skipChildren();
                    continue;
                }
                if ((seen & (1L << index)) != 0) {
                    violations.add(name + ": appears twice");
                }
                seen |= 1L << index;
                switch (index) {
                    case 0 -> {
                        Long v = integer(p, t, name, false);
                        schemaVersion = v != null && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? v.intValue() : -1;
                    }
                    case 1 -> eventId = string(p, t, name, false);
                    case 2 -> eventType = string(p, t, name, false);
                    case 3 -> userId = string(p, t, name, false);
                    case 4 -> sessionId = string(p, t, name, true);
                    case 5 -> trackId = string(p, t, name, false);
                    case 6 -> trackName = string(p, t, name, false);
                    case 7 -> artistId = string(p, t, name, true);
                    case 8 -> artistName = string(p, t, name, false);
                    case 9 -> albumId = string(p, t, name, true);
                    case 10 -> albumName = string(p, t, name, true);
                    case 11 -> durationMs = integer(p, t, name, true);
                    case 12 -> {
                        Long v = integer(p, t, name, false);
                        msPlayed = v == null ? 0 : v;
                    }
                    case 13 -> deviceType = string(p, t, name, false);
                    case 14 -> country = string(p, t, name, true);
                    case 15 -> subscription = string(p, t, name, false);
                    case 16 -> contextType = string(p, t, name, true);
                    case 17 -> contextUri = string(p, t, name, true);
                    case 18 -> playedAt = string(p, t, name, false);
                    case 19 -> source = string(p, t, name, false);
                    case 20 -> shuffle = bool(p, t, name);
                    case 21 -> reasonStart = string(p, t, name, true);
                    case 22 -> reasonEnd = string(p, t, name, true);
                    case 23 -> platform = string(p, t, name, true);
                    case 24 -> isrc = string(p, t, name, true);
                    case 25 -> explicit = bool(p, t, name);
                    default -> throw new IllegalStateException("unhandled field " + name);
                }
            }
        }

        ListenEvent event() {
            return new ListenEvent(schemaVersion, eventId, eventType, userId, sessionId, trackId, trackName, artistId,
                    artistName, albumId, albumName, durationMs, msPlayed, deviceType, country, subscription,
                    contextType, contextUri, playedAt, source, shuffle, reasonStart, reasonEnd, platform, isrc, explicit);
        }

        private String string(JsonParser p, JsonToken t, String name, boolean nullable) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t == JsonToken.VALUE_NULL && nullable) {
                return null;
            }
            wrongType(p, t, name, nullable ? "a string or null" : "a string");
            return null;
        }

        private Long integer(JsonParser p, JsonToken t, String name, boolean nullable) throws IOException {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    violations.add(name + ": " + p.getText() + " is out of range");
                    return null;
                }
                return p.getLongValue();
            }
            if (t == JsonToken.VALUE_NULL && nullable) {
                return null;
            }
            wrongType(p, t, name, nullable ? "an integer or null" : "an integer");
            return null;
        }

        private Boolean bool(JsonParser p, JsonToken t, String name) throws IOException {
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                return t == JsonToken.VALUE_TRUE;
            }
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            wrongType(p, t, name, "a boolean or null");
            return null;
        }

        private void wrongType(JsonParser p, JsonToken t, String name, String expected) throws IOException {
            violations.add(name + ": must be " + expected + ", was " + describe(t));
            p.skipChildren();
        }

        private static String describe(JsonToken t) {
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT -> "an integer";
                case VALUE_NUMBER_FLOAT -> "a decimal number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> t.toString();
            };
        }

        private static String clip(String value) {
            return value.length() <= 40 ? value : value.substring(0, 40) + "...";
        }
    }
}
