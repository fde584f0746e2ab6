package dev.playlog.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Build ids and the pruning rule: by count, after a grace period counted from when a build was superseded. */
class BuildIdsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final List<String> BUILDS = List.of(BuildIds.of(T0), BuildIds.of(T0.plusSeconds(60)),
            BuildIds.of(T0.plusSeconds(120)), BuildIds.of(T0.plusSeconds(180)));

    @Test
    void idsAreSortableUtcMillisecondsAndParseBack() {
        assertThat(BuildIds.of(Instant.parse("2026-12-04T16:53:12.123Z"))).isEqualTo("20261204T165312123Z");
        assertThat(BuildIds.time("20261204T165312123Z")).isEqualTo(Instant.parse("2026-12-04T16:53:12.123Z"));
        assertThat(BuildIds.FORMAT.matcher(BUILDS.get(0)).matches()).isTrue();
    }

    @Test
    void keepsTheNewestRetainBuilds() {
        assertThat(BuildIds.expired(BUILDS, 2, Duration.ZERO, T0.plusSeconds(3600), Set.of()))
                .containsExactly(BUILDS.get(0), BUILDS.get(1));
    }

    @Test
    void keepsASupersededBuildUntilItsGraceHasPassed() {
        // build 0 was superseded at +60 s, build 1 at +120 s
        assertThat(BuildIds.expired(BUILDS, 1, Duration.ofSeconds(30), T0.plusSeconds(100), Set.of()))
                .containsExactly(BUILDS.get(0));
        assertThat(BuildIds.expired(BUILDS, 1, Duration.ofSeconds(30), T0.plusSeconds(150), Set.of()))
                .containsExactly(BUILDS.get(0), BUILDS.get(1));
    }

    @Test
    void neverExpiresAPinnedBuildNorTheNewest() {
        assertThat(BuildIds.expired(BUILDS, 1, Duration.ZERO, T0.plusSeconds(3600), Set.of(BUILDS.get(1))))
                .containsExactly(BUILDS.get(0), BUILDS.get(2));
        assertThat(BuildIds.expired(BUILDS, 0, Duration.ZERO, T0.plusSeconds(3600), Set.of())).doesNotContain(BUILDS.get(3));
    }
}
