package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    private static final BehaviourParameters DEFAULTS = BehaviourParameters.DEFAULTS;

    @Test
    void isTheSameForASeedWhateverOrderItsTracksAreNamedIn() {
        Catalogue a = new Catalogue(1, 20_000, DEFAULTS);
        Catalogue b = new Catalogue(1, 20_000, DEFAULTS);
        Catalogue other = new Catalogue(2, 20_000, DEFAULTS);
        for (int t = 19_999; t >= 0; t -= 7) {
            b.track(t);
        }
        int sameNames = 0;
        for (int t = 0; t < 20_000; t += 7) {
            assertThat(a.track(t)).usingRecursiveComparison().isEqualTo(b.track(t));
            sameNames += a.track(t).name().equals(other.track(t).name()) ? 1 : 0;
        }
        assertThat(sameNames).isLessThan(2_858 / 10);
    }

    @Test
    void namesAHundredThousandTracks() {
        // how fast: the benchmark's simulator stage, not a timed unit test on a shared machine
        Catalogue catalogue = new Catalogue(42, 100_000, DEFAULTS);
        for (int t = 0; t < catalogue.size(); t++) {
            assertThat(catalogue.track(t).name()).isNotBlank();
        }
        assertThat(catalogue.artistCount()).isEqualTo(10_000);
        assertThat(catalogue.albumCount()).isGreaterThan(10_000);
        assertThat(Arrays.stream(new int[] {0, 1, 99_999}).mapToObj(t -> catalogue.track(t).id()))
                .containsExactly("tr0000000", "tr0000001", "tr0099999");
    }

    @Test
    void popularityFollowsZipfMandelbrot() {
        Catalogue catalogue = new Catalogue(42, 100_000, DEFAULTS);
        SplittableRandom random = new SplittableRandom(1);
        int[] draws = new int[catalogue.size()];
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            draws[catalogue.popularTrack(random.nextLong())]++;
        }
        Arrays.sort(draws);
        long top = 0;
        for (int i = draws.length - 1_000; i < draws.length; i++) {
            top += draws[i];
        }
        // analytic share of ranks 1..1000 under 1/(rank + 5)^1
        double head = 0;
        double all = 0;
        for (int r = 1; r <= 100_000; r++) {
            double w = 1.0 / (r + DEFAULTS.zipfOffset());
            all += w;
            head += r <= 1_000 ? w : 0;
        }
        assertThat((double) top / n).isCloseTo(head / all, org.assertj.core.data.Offset.offset(0.01));
        assertThat(head / all).isBetween(0.5, 0.6);
    }

    @Test
    void trackLengthsAreLogNormalAroundThreeAndAHalfMinutes() {
        Catalogue catalogue = new Catalogue(42, 50_000, DEFAULTS);
        int[] ms = new int[catalogue.size()];
        for (int t = 0; t < ms.length; t++) {
            ms[t] = catalogue.durationMs(t);
        }
        Arrays.sort(ms);
        assertThat(ms[0]).isGreaterThanOrEqualTo(45_000);
        assertThat(ms[ms.length / 2]).isBetween(200_000, 220_000);
        assertThat(Arrays.stream(ms).average().orElse(0)).isBetween(205_000.0, 230_000.0);
        assertThat(ms[(int) (ms.length * 0.95)]).isBetween(300_000, 380_000);
    }

    @Test
    void albumsHoldContiguousTracksOfOneArtistAndEveryArtistHasTracksHitsFirst() {
        Catalogue catalogue = new Catalogue(9, 5_000, DEFAULTS);
        int covered = 0;
        for (int album = 0; album < catalogue.albumCount(); album++) {
            assertThat(catalogue.albumFirstTrack(album)).isEqualTo(covered);
            for (int t = catalogue.albumFirstTrack(album); t < catalogue.albumEnd(album); t++) {
                assertThat(catalogue.albumOf(t)).isEqualTo(album);
                assertThat(catalogue.artistOf(t)).isEqualTo(catalogue.artistOf(catalogue.albumFirstTrack(album)));
            }
            covered = catalogue.albumEnd(album);
        }
        assertThat(covered).isEqualTo(5_000);
        int listed = 0;
        for (int artist = 0; artist < catalogue.artistCount(); artist++) {
            assertThat(catalogue.artistTrackCount(artist)).isPositive();
            for (int k = 0; k < catalogue.artistTrackCount(artist); k++) {
                assertThat(catalogue.artistOf(catalogue.artistTrack(artist, k))).isEqualTo(artist);
            }
            listed += catalogue.artistTrackCount(artist);
        }
        assertThat(listed).isEqualTo(5_000);
    }

    @Test
    void tinyCataloguesWork() {
        for (int size : new int[] {1, 2, 7, 11}) {
            Catalogue catalogue = new Catalogue(3, size, DEFAULTS);
            assertThat(catalogue.popularTrack(12345L)).isBetween(0, size - 1);
            assertThat(catalogue.track(size - 1).artistName()).isNotBlank();
            assertThat(catalogue.track(size - 1).albumName()).isNotBlank();
        }
    }
}
