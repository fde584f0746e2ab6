package dev.playlog.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    /**
     * Golden vectors, computed outside Java (Python: {@code hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]}):
     * a change of either rule, its separator, its field order or its time format breaks these, and with them every id
     * already in a lake.
     */
    @Test
    void idsOfKnownInputsAreTheDocumentedHashes() {
        assertThat(EventIds.ofSimulated(42, 0, "u1", "t1", Instant.parse("2026-09-20T18:04:11.512Z"), "play"))
                .isEqualTo("aa10f497fd6d6f8b0c931e557c89488d");
        assertThat(EventIds.ofSimulated(-7, 123_456_789, "usér-ø", "tr1", Instant.parse("2026-11-21T08:00:00.123Z"), "like"))
                .isEqualTo("87a824925d96015515b8044f488c721c");
        assertThat(EventIds.ofStream("alice", "6bnmRsdxYacqLSlS36EJT6", Instant.parse("2026-09-20T18:04:11.512Z")))
                .isEqualTo("a0da4b44010f0bf2e276ee473f469b0b");
        assertThat(EventIds.ofTrackName("Robert Plant", "Rich Woman")).isEqualTo("name:19efc2a4635bf93080e24cbd25f9944e");
    }

    @Test
    void sameIdentityGivesSameIdAndAnyDifferenceChangesIt() {
        Instant at = Instant.parse("2026-09-20T18:04:11.512Z");
        String id = EventIds.ofSimulated(42, 7, "u", "t", at, "play");
        assertThat(id).matches("[0-9a-f]{32}").isEqualTo(EventIds.ofSimulated(42, 7, "u", "t", at, "play"));
        assertThat(EventIds.ofSimulated(42, 7, "u", "t", at.plusMillis(1), "play")).isNotEqualTo(id);
        assertThat(EventIds.ofSimulated(42, 7, "u2", "t", at, "play")).isNotEqualTo(id);
        assertThat(EventIds.ofSimulated(42, 7, "u", "t2", at, "play")).isNotEqualTo(id);
        assertThat(EventIds.ofSimulated(42, 7, "u", "t", at, "skip")).isNotEqualTo(id);
        assertThat(EventIds.ofSimulated(42, 8, "u", "t", at, "play")).as("next event of the stream").isNotEqualTo(id);
        assertThat(EventIds.ofSimulated(43, 7, "u", "t", at, "play")).as("another seed").isNotEqualTo(id);
    }

    @Test
    void sub_millisecond_precision_does_not_change_the_id() {
        Instant at = Instant.parse("2026-09-20T18:04:11.512Z");
        assertThat(EventIds.ofSimulated(1, 2, "u", "t", at.plusNanos(999), "play"))
                .isEqualTo(EventIds.ofSimulated(1, 2, "u", "t", at, "play"));
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
        assertThat(id).isNotEqualTo(EventIds.ofSimulated(0, 0, "alice", "6bnmRsdxYacqLSlS36EJT6", exported, "play"));
    }

    @Test
    void trackNameIdsIgnoreCaseAndSurroundingBlanks() {
        String id = EventIds.ofTrackName("Robert Plant", "Rich Woman");
        assertThat(id).matches("name:[0-9a-f]{32}").isEqualTo(EventIds.ofTrackName(" robert plant", "RICH WOMAN "));
        assertThat(EventIds.ofTrackName("Robert Plant", "Rich Woman (Live)")).isNotEqualTo(id);
        assertThat(EventIds.ofTrackName("Rich Woman", "Robert Plant")).isNotEqualTo(id);
    }
}
