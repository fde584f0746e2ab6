package dev.playlog.spotify;

import dev.playlog.event.EventIds;
import dev.playlog.event.ListenEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Turns recently-played items into listen events ({@code source=spotify}, {@code event_type=play}); used by
 * {@link SpotifyPoller} for the spotify-poll route. The event id is {@link EventIds#ofStream}, the identity an
 * import of the same play also computes, so a replayed poll, a restart or an import never yields a second event.
 */
public final class SpotifyPlayMapper {

    /** Context types the contract knows; anything else Spotify may add is kept as {@code context_uri} only. */
    private static final Set<String> CONTEXT_TYPES = Set.of("playlist", "album", "artist", "radio", "collection",
            "show", "search");

    private SpotifyPlayMapper() {
    }

    /**
     * Maps one item of the account {@code userId}.
     *
     * @throws IllegalArgumentException when the item has no track or no parsable {@code played_at}
     */
    public static ListenEvent toEvent(String userId, RecentlyPlayedPage.Item item) {
        RecentlyPlayedPage.Track track = item.track();
        if (track == null) {
            throw new IllegalArgumentException("item without a track");
        }
        Instant playedAt = parsePlayedAt(item.playedAt());
        RecentlyPlayedPage.Artist artist = track.artists().isEmpty() ? null : track.artists().get(0);
        String artistName = artist == null || artist.name() == null ? "" : artist.name();
        String trackName = track.name() == null ? "" : track.name();
        // local files have no id: fall back to the same name-derived id an account-data import uses
        String trackId = blank(track.id()) ? EventIds.ofTrackName(artistName, trackName) : track.id();
        long durationMs = track.durationMs() == null ? 0 : Math.max(0, track.durationMs());
        RecentlyPlayedPage.Context context = item.context();
        String contextType = context == null || context.type() == null || !CONTEXT_TYPES.contains(context.type())
                ? null : context.type();
        return new ListenEvent(ListenEvent.SCHEMA_VERSION,
                EventIds.ofStream(userId, trackId, playedAt),
                "play",
                userId,
                null,
                trackId,
                trackName,
                artist == null || blank(artist.id()) ? null : artist.id(),
                artistName,
                track.album() == null || blank(track.album().id()) ? null : track.album().id(),
                track.album() == null ? null : track.album().name(),
                track.durationMs() == null ? null : durationMs,
                durationMs,
                "unknown",
                null,
                "unknown",
                contextType,
                context == null ? null : context.uri(),
                EventIds.formatPlayedAt(playedAt),
                "spotify",
                null,
                null,
                null,
                null,
                track.externalIds() == null || blank(track.externalIds().isrc()) ? null : track.externalIds().isrc(),
                track.explicit());
    }

    /** Parses Spotify's ISO-8601 UTC {@code played_at} (with or without fraction digits). */
    public static Instant parsePlayedAt(String playedAt) {
        if (playedAt == null) {
            throw new IllegalArgumentException("item without played_at");
        }
        try {
            return Instant.parse(playedAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unparsable played_at '" + playedAt + "'");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
