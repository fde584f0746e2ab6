package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.event.EventIds;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventStamperTest {

    private final EventStamper stamper = new EventStamper(42);

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
            long sequence = i % 7 == 0 ? random.nextLong(0, Long.MAX_VALUE) : i;
            stamper.playedAt(at.toEpochMilli());
            assertThat(stamper.eventId(sequence, EventStamper.utf8(user), EventStamper.utf8(track), EventStamper.utf8(type)))
                    .isEqualTo(EventIds.ofSimulated(42, sequence, user, track, at, type));
        }
        Instant at = Instant.parse("2026-11-21T08:00:00.123Z");
        EventStamper negativeSeed = new EventStamper(-7);
        negativeSeed.playedAt(at.toEpochMilli());
        assertThat(negativeSeed.eventId(123_456_789, EventStamper.utf8("usér-ø"), EventStamper.utf8("tr1"),
                EventStamper.utf8("like"))).isEqualTo("87a824925d96015515b8044f488c721c");
        negativeSeed.playedAt(at.toEpochMilli());
        assertThat(negativeSeed.eventId(0, EventStamper.utf8("u"), EventStamper.utf8("t"), EventStamper.utf8("play")))
                .isEqualTo(EventIds.ofSimulated(-7, 0, "u", "t", at, "play"));
    }
}
