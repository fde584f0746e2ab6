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

    @Test
    void streamIdsMatchAcrossMillisecondAndSecondPrecisionButNotAcrossSeconds() {
        Instant polled = Instant.parse("2026-09-20T18:04:11.512Z");
        Instant exported = Instant.parse("2026-09-20T18:04:11Z");
        String id = EventIds.ofStream("alice", "6bnmRsdxYacqLSlS36EJT6", polled);
        assertThat(id).matches("[0-9a-f]{32}").isEqualTo(EventIds.ofStream("alice", "6bnmRsdxYacqLSlS36EJT6", exported));
        assertThat(EventIds.ofStream("alice", "6bnmRsdxYacqLSlS36EJT6", exported.plusSeconds(1))).isNotEqualTo(id);
        assertThat(EventIds.ofStream("bob", "6bnmRsdxYacqLSlS36EJT6", polled)).isNotEqualTo(id);
        assertThat(EventIds.ofStream("alice", "other", polled)).isNotEqualTo(id);
        assertThat(id).isNotEqualTo(EventIds.of("alice", "6bnmRsdxYacqLSlS36EJT6", exported, "play"));
    }

    @Test
    void trackNameIdsIgnoreCaseAndSurroundingBlanks() {
        String id = EventIds.ofTrackName("Robert Plant", "Rich Woman");
        assertThat(id).matches("name:[0-9a-f]{32}").isEqualTo(EventIds.ofTrackName(" robert plant", "RICH WOMAN "));
        assertThat(EventIds.ofTrackName("Robert Plant", "Rich Woman (Live)")).isNotEqualTo(id);
        assertThat(EventIds.ofTrackName("Rich Woman", "Robert Plant")).isNotEqualTo(id);
    }
}
