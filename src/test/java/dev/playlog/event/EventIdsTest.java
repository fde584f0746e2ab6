package dev.playlog.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void sameIdentityGivesSameIdAndAnyDifferenceChangesIt() {
        Instant at = Instant.parse("2026-09-20T18:04:11.512Z");
        String id = EventIds.of("u", "t", at, "play");
        assertThat(id).matches("[0-9a-f]{32}").isEqualTo(EventIds.of("u", "t", at, "play"));
        assertThat(EventIds.of("u", "t", at.plusMillis(1), "play")).isNotEqualTo(id);
        assertThat(EventIds.of("u2", "t", at, "play")).isNotEqualTo(id);
        assertThat(EventIds.of("u", "t2", at, "play")).isNotEqualTo(id);
        assertThat(EventIds.of("u", "t", at, "skip")).isNotEqualTo(id);
    }

    @Test
    void sub_millisecond_precision_does_not_change_the_id() {
        Instant at = Instant.parse("2026-09-20T18:04:11.512Z");
        assertThat(EventIds.of("u", "t", at.plusNanos(999), "play")).isEqualTo(EventIds.of("u", "t", at, "play"));
        assertThat(EventIds.formatPlayedAt(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000Z");
    }
}
