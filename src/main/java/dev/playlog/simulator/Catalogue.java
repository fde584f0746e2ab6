package dev.playlog.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/** Tracks, artists and albums named from Datafaker material, generated once per seed. */
final class Catalogue {

    record Artist(String id, String name) {
    }

    record Track(String id, String name, Artist artist, String albumId, String albumName, long durationMs, boolean explicit) {
    }

    private final List<Track> tracks;

    Catalogue(long seed, int trackCount) {
        Faker faker = new Faker(Locale.ENGLISH, new Random(seed));
        Random random = new Random(seed ^ 0x5DEECE66DL);
        int artistCount = Math.max(1, trackCount / 10);
        List<Artist> artists = new ArrayList<>(artistCount);
        for (int i = 0; i < artistCount; i++) {
            artists.add(new Artist(String.format("ar%07d", i), faker.artist().name()));
        }
        tracks = new ArrayList<>(trackCount);
        for (int i = 0; i < trackCount; i++) {
            Artist artist = artists.get(i % artistCount);
            int album = i / 12;
            // track lengths cluster around 3.5 minutes with a long right tail
            long durationMs = Math.max(45_000L, Math.round(Math.exp(12.2 + 0.3 * random.nextGaussian())));
            tracks.add(new Track(String.format("tr%08d", i), faker.book().title(), artist, String.format("al%07d", album),
                    faker.music().genre() + " " + faker.color().name(), durationMs, random.nextInt(10) == 0));
        }
    }

    int size() {
        return tracks.size();
    }

    Track get(int index) {
        return tracks.get(index);
    }
}
