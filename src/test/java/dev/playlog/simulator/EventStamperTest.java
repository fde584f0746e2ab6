package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.event.EventIds;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventStamperTest {

    private final EventStamper stamper = new EventStamper();

    @Test
    void writesPlayedAtExactlyAsEventIdsDoes() {
        String[] edges = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59.999Z",
            "2000-02-29T12:00:00.5Z", "1900-03-01T00:00:00Z", "2026-12-31T23:59:59.001Z", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z", "-0001-06-01T00:00:00Z", "+10000-01-01T00:00:00Z"};
        for (String edge : edges) {
            Instant at = Instant.parse(edge);
            assertThat(stamper.playedAt(at.toEpochMilli())).as(edge).isEqualTo(EventIds.formatPlayedAt(at));
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochMilli(random.nextLong(-62_000_000_000_000L, 253_000_000_000_000L));
            assertThat(stamper.playedAt(at.toEpochMilli())).isEqualTo(EventIds.formatPlayedAt(at));
        }
    }

    @Test
    void computesTheSameEventIdAsEventIds() {
        SplittableRandom random = new SplittableRandom(5);
        String[] types = {"play", "skip", "pause", "like", "add_to_playlist"};
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L));
            String user = "u" + random.nextInt(10_000_000);
            String track = "tr" + random.nextInt(100_000);
            String type = types[i % types.length];
            stamper.playedAt(at.toEpochMilli());
            assertThat(stamper.eventId(EventStamper.utf8(user), EventStamper.utf8(track), EventStamper.utf8(type)))
                    .isEqualTo(EventIds.of(user, track, at, type));
        }
        Instant at = Instant.parse("2026-11-21T08:00:00.123Z");
        stamper.playedAt(at.toEpochMilli());
        assertThat(stamper.eventId(EventStamper.utf8("usér-ø"), EventStamper.utf8("tr1"), EventStamper.utf8("like")))
                .isEqualTo(EventIds.of("usér-ø", "tr1", at, "like"));
    }
}
