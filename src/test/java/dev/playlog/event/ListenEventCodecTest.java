package dev.playlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
}
