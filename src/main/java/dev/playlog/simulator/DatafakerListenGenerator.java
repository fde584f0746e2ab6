package dev.playlog.simulator;

import dev.playlog.event.EventIds;
import dev.playlog.event.ListenEvent;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A simple behaviour model over a Datafaker catalogue: a fixed population with home country, device and
 * subscription, sessions of a few dozen events, popularity skewed towards the head of the catalogue, and play,
 * skip, pause, add-to-playlist and like outcomes with a consistent {@code ms_played}. Deterministic for a seed.
 */
public class DatafakerListenGenerator implements ListenEventGenerator {

    private static final String[] COUNTRIES = {"US", "US", "US", "GB", "GB", "CA", "AU", "IN", "IN", "DE", "DE", "FR", "BR", "SE", "MX"};
    private static final String[] DEVICES = {"mobile", "mobile", "mobile", "desktop", "desktop", "web", "tablet", "speaker", "tv", "car"};
    private static final String[] CONTEXTS = {"playlist", "playlist", "album", "artist", "radio", "collection", "search"};

    private record User(String id, String country, String device, String subscription) {
    }

    private final SplittableRandom random;
    private final Catalogue catalogue;
    private final User[] users;
    private final int[] sessionNumber;
    private final int[] eventsLeftInSession;

    public DatafakerListenGenerator(long seed, int userCount, int trackCount) {
        this.random = new SplittableRandom(seed);
        this.catalogue = new Catalogue(seed, trackCount);
        this.users = new User[userCount];
        for (int i = 0; i < userCount; i++) {
            users[i] = new User(String.format("user-%06d", i), pick(COUNTRIES), pick(DEVICES),
                    random.nextInt(100) < 45 ? "premium" : "free");
        }
        this.sessionNumber = new int[userCount];
        this.eventsLeftInSession = new int[userCount];
    }

    @Override
    public ListenEvent next(Instant at) {
        int u = random.nextInt(users.length);
        User user = users[u];
        if (eventsLeftInSession[u] == 0) {
            sessionNumber[u]++;
            eventsLeftInSession[u] = 5 + random.nextInt(40);
        }
        eventsLeftInSession[u]--;
        // popularity: index = n * r^3 puts most plays on the head of the catalogue
        double r = random.nextDouble();
        Catalogue.Track track = catalogue.get((int) (catalogue.size() * r * r * r));
        int outcome = random.nextInt(100);
        String type;
        long msPlayed;
        if (outcome < 50) {
            type = "play";
            msPlayed = track.durationMs();
        } else if (outcome < 85) {
            type = "skip";
            msPlayed = (long) (track.durationMs() * random.nextDouble() * 0.9);
        } else if (outcome < 92) {
            type = "pause";
            msPlayed = (long) (track.durationMs() * random.nextDouble());
        } else if (outcome < 96) {
            type = "add_to_playlist";
            msPlayed = (long) (track.durationMs() * random.nextDouble());
        } else {
            type = "like";
            msPlayed = (long) (track.durationMs() * random.nextDouble());
        }
        String playedAt = EventIds.formatPlayedAt(at);
        return new ListenEvent(ListenEvent.SCHEMA_VERSION, EventIds.of(user.id(), track.id(), at, type), type,
                user.id(), user.id() + "-s" + sessionNumber[u], track.id(), track.name(), track.artist().id(),
                track.artist().name(), track.albumId(), track.albumName(), track.durationMs(), msPlayed, user.device(),
                user.country(), user.subscription(), pick(CONTEXTS), null, playedAt, "simulator",
                random.nextInt(4) == 0, null, null, null, null, track.explicit());
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
