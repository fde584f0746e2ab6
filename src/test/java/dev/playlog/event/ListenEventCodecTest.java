package dev.playlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ListenEventCodecTest {

    private final ListenEventCodec codec = new ListenEventCodec();

    static ListenEvent event(String type) {
        Instant at = Instant.parse("2026-09-20T18:04:11.512Z");
        return new ListenEvent(1, EventIds.ofSimulated(1, 0, "u1", "t1", at, type), type, "u1", "s1", "t1", "Track — ünïcødé ✓", "a1",
                "Artist", "al1", "Album", 200_000L, 200_000L, "mobile", "DE", "premium", null, null,
                EventIds.formatPlayedAt(at), "simulator", null, null, null, null, null, false);
    }

    @Test
    void roundTripsAValidEvent() {
        ListenEvent event = event("play");
        String json = codec.encode(event);
        assertThat(json).contains("\"event_id\":\"" + event.eventId() + "\"").contains("\"played_at\":\"2026-09-20T18:04:11.512Z\"");
        assertThat(codec.decode(json)).isEqualTo(event);
    }

    @Test
    void refusesToEncodeAnInvalidEvent() {
        ListenEvent bad = new ListenEvent(1, "not-hex", "play", "u1", null, "t1", "n", null, "a", null, null, null, 0,
                "mobile", "Germany", "free", null, null, "2026-09-20T18:04:11.512Z", "simulator", null, null, null, null, null, null);
        assertThatThrownBy(() -> codec.encode(bad)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("event_id").hasMessageContaining("country");
    }

    @Test
    void decodeNamesTheReasonForMalformedRecords() {
        assertThatThrownBy(() -> codec.decode("{not json")).isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> codec.decode("")).hasMessage("empty record value");
        String wrongEnum = codec.encode(event("play")).replace("\"event_type\":\"play\"", "\"event_type\":\"dance\"");
        assertThatThrownBy(() -> codec.decode(wrongEnum)).hasMessageContaining("event_type");
        String extraField = codec.encode(event("play")).replace("{", "{\"surprise\":1,");
        assertThatThrownBy(() -> codec.decode(extraField)).hasMessageContaining("surprise");
        String noUser = codec.encode(event("play")).replace("\"user_id\":\"u1\",", "");
        assertThatThrownBy(() -> codec.decode(noUser)).hasMessageContaining("user_id");
    }

    @Test
    void rejectsAPlayedAtThatHasTheRightShapeButIsNoInstant() {
        // passes the schema's pattern; must be dead-lettered, not fail the lake's Parquet writer later
        String impossible = codec.encode(event("play")).replace("2026-09-20T18:04:11.512Z", "2024-13-45T25:61:00.000Z");
        assertThatThrownBy(() -> codec.decode(impossible)).isInstanceOf(InvalidEventException.class)
                .hasMessage("schema v1 violated: played_at: must be a UTC instant like 2026-11-21T07:05:09.123Z, "
                        + "was '2024-13-45T25:61:00.000Z'");
    }

    @Test
    void rejectsPlayedAtWithoutUtcMilliseconds() {
        String local = codec.encode(event("play")).replace("2026-09-20T18:04:11.512Z", "2026-09-20T18:04:11+02:00");
        assertThatThrownBy(() -> codec.decode(local)).hasMessageContaining("played_at");
    }

    /** The event's JSON with {@code bytes} put inside its track_name. */
    private byte[] withTrackNameBytes(byte[] bytes) {
        String json = codec.encode(event("play"));
        String marker = "\"track_name\":\"";
        int at = json.indexOf(marker) + marker.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(json.substring(json.indexOf('"', at)).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void refusesBytesThatAreNotWellFormedUtf8WithThePlaceInTheReason() {
        String latest = codec.latestPlayedAt();
        int at = codec.encode(event("play")).indexOf("\"track_name\":\"") + "\"track_name\":\"".length() + 1;
        String[][] cases = {
            {"61c0af62", "0xC0"}, // overlong '/'
            {"61e080af62", "0xE0 0x80 0xAF"}, // overlong '/' in three bytes
            {"61eda08062", "0xED 0xA0 0x80"}, // a surrogate encoded as UTF-8 (CESU-8)
            {"61edbfbf62", "0xED 0xBF 0xBF"},
            {"61f88080808062", "0xF8"}, // five-byte forms do not exist
            {"61f490808062", "0xF4 0x90 0x80 0x80"}, // above U+10FFFF
            {"618062", "0x80"}, // a continuation byte without a lead
            {"61c362", "0xC3 0x62"}, // a lead byte without its continuation
            {"61ff62", "0xFF"},
        };
        for (String[] c : cases) {
            byte[] value = withTrackNameBytes(HexFormat.of().parseHex(c[0]));
            assertThatThrownBy(() -> codec.decode(value)).as(c[0]).isInstanceOf(InvalidEventException.class)
                    .hasMessage("not UTF-8: ill-formed byte sequence at byte " + at + " (" + c[1] + ")");
            assertThatThrownBy(() -> codec.playedAtOfValid(value, latest)).as(c[0]).isInstanceOf(InvalidEventException.class)
                    .hasMessageStartingWith("not UTF-8");
        }
        // the largest character, and characters of every length, are fine
        byte[] wellFormed = withTrackNameBytes("\u00e9\u20ac\ud83c\udfb5\udbff\udfff".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(wellFormed).trackName()).isEqualTo("\u00e9\u20ac\ud83c\udfb5\udbff\udfff");
        assertThat(codec.playedAtOfValid(wellFormed, latest)).isEqualTo("2026-09-20T18:04:11.512Z");
    }

    @Test
    void refusesALoneSurrogateWrittenAsAJsonEscapeButKeepsAPair() {
        String latest = codec.latestPlayedAt();
        byte[] lone = withTrackNameBytes("c\\ud800d".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> codec.decode(lone)).isInstanceOf(InvalidEventException.class)
                .hasMessage("schema v1 violated: track_name: has a lone UTF-16 surrogate at character 1 (not a Unicode character)");
        assertThatThrownBy(() -> codec.playedAtOfValid(lone, latest)).hasMessageContaining("lone UTF-16 surrogate");
        byte[] lowFirst = withTrackNameBytes("\\udfb5\\ud83c".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> codec.decode(lowFirst)).hasMessageContaining("track_name: has a lone UTF-16 surrogate at character 0");
        byte[] pair = withTrackNameBytes("\\ud83c\\udfb5".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(pair).trackName()).isEqualTo("\ud83c\udfb5");
        assertThat(codec.playedAtOfValid(pair, latest)).isEqualTo("2026-09-20T18:04:11.512Z");
    }

    @Test
    void playedAtMustLieBetween2000AndADayAfterTheClock() {
        ListenEventCodec fixed = new ListenEventCodec(Clock.fixed(Instant.parse("2026-09-20T00:00:00Z"), ZoneOffset.UTC));
        assertThat(fixed.latestPlayedAt()).isEqualTo("2026-09-21T00:00:00.000Z");
        String json = codec.encode(event("play"));
        for (String ok : new String[] {"2000-01-01T00:00:00.000Z", "2026-09-21T00:00:00.000Z"}) {
            assertThat(fixed.decode(json.replace("2026-09-20T18:04:11.512Z", ok)).playedAt()).isEqualTo(ok);
        }
        for (String bad : new String[] {"0000-01-01T00:00:00.000Z", "1999-12-31T23:59:59.999Z", "2026-09-21T00:00:00.001Z"}) {
            String value = json.replace("2026-09-20T18:04:11.512Z", bad);
            assertThatThrownBy(() -> fixed.decode(value)).as(bad).isInstanceOf(InvalidEventException.class)
                    .hasMessage("schema v1 violated: played_at: must lie between 2000-01-01T00:00:00.000Z and "
                            + "2026-09-21T00:00:00.000Z (one day after the checking clock), was '" + bad + "'");
            assertThatThrownBy(() -> fixed.playedAtOfValid(value.getBytes(StandardCharsets.UTF_8), fixed.latestPlayedAt()))
                    .as(bad).hasMessageContaining("played_at: must lie between");
        }
        ListenEvent early = new ListenEvent(1, event("play").eventId(), "play", "u1", "s1", "t1", "n", "a1", "A", null,
                null, null, 0, "mobile", null, "free", null, null, "1999-12-31T23:59:59.999Z", "simulator", null, null, null,
                null, null, null);
        assertThatThrownBy(() -> fixed.encode(early)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("played_at: must lie between");
    }

    @Test
    void aTombstoneIsNoEvent() {
        assertThatThrownBy(() -> codec.decode((byte[]) null)).isInstanceOf(InvalidEventException.class)
                .hasMessage("no record value (a tombstone)");
    }
}
