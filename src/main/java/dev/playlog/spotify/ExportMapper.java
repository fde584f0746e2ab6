package dev.playlog.spotify;

import dev.playlog.event.EventIds;
import dev.playlog.event.ListenEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns privacy-export records into listen events ({@code source=import}) or says why a record is left out; used by
 * {@link HistoryFile} for the spotify-import route.
 *
 * <p>Identity: extended-history plays use {@link EventIds#ofStream} with the track id from {@code spotify_track_uri}
 * and {@code ts}, exactly what polling computes for the same play, so an imported and a polled play count once.
 * Account-data plays have no URI: their track id is {@link EventIds#ofTrackName} (artist + track name) and their time
 * is the minute, so they never match a polled or extended play; import one kind of export per period.
 */
public final class ExportMapper {

    /** {@code reason_end} values that mean the listener moved on before the track ended. */
    static final Set<String> EARLY_END = Set.of("fwdbtn", "backbtn", "clickrow");

    private static final DateTimeFormatter END_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** Why a record did not become an event. */
    public enum Skip { SHORT, EPISODE, NOT_A_TRACK, INVALID }

    /** Either an event or the reason there is none. */
    public record Outcome(ListenEvent event, Skip skip) {

        static Outcome of(ListenEvent event) {
            return new Outcome(event, null);
        }

        static Outcome skipped(Skip skip) {
            return new Outcome(null, skip);
        }
    }

    private final long minMsPlayed;
    private final boolean includeEpisodes;

    public ExportMapper(long minMsPlayed, boolean includeEpisodes) {
        this.minMsPlayed = minMsPlayed;
        this.includeEpisodes = includeEpisodes;
    }

    public Outcome map(String userId, ExportRecords.Extended r) {
        Instant endedAt;
        try {
            endedAt = Instant.parse(r.ts());
        } catch (DateTimeParseException | NullPointerException e) {
            return Outcome.skipped(Skip.INVALID);
        }
        long msPlayed = r.msPlayed() == null ? 0 : Math.max(0, r.msPlayed());
        String trackId;
        String trackName;
        String artistName;
        String albumName;
        String contextType = null;
        if (r.trackUri() != null && r.trackUri().startsWith("spotify:track:")) {
            trackId = r.trackUri().substring("spotify:track:".length());
            trackName = nullToEmpty(r.trackName());
            artistName = nullToEmpty(r.artistName());
            albumName = r.albumName();
        } else if (r.episodeUri() != null) {
            if (!includeEpisodes) {
                return Outcome.skipped(Skip.EPISODE);
            }
            trackId = r.episodeUri().startsWith("spotify:episode:")
                    ? r.episodeUri().substring("spotify:episode:".length()) : r.episodeUri();
            trackName = nullToEmpty(r.episodeName());
            artistName = nullToEmpty(r.episodeShowName());
            albumName = r.episodeShowName();
            contextType = "show";
        } else if (r.trackName() != null && r.artistName() != null) {
            // local files: named, no catalogue id
            trackId = EventIds.ofTrackName(r.artistName(), r.trackName());
            trackName = r.trackName();
            artistName = r.artistName();
            albumName = r.albumName();
        } else {
            return Outcome.skipped(Skip.NOT_A_TRACK);
        }
        if (msPlayed < minMsPlayed) {
            return Outcome.skipped(Skip.SHORT);
        }
        boolean skipped = Boolean.TRUE.equals(r.skipped()) || (r.reasonEnd() != null && EARLY_END.contains(r.reasonEnd()));
        String country = r.connCountry() != null && COUNTRY.matcher(r.connCountry()).matches()
                && !"ZZ".equals(r.connCountry()) ? r.connCountry() : null;
        return Outcome.of(new ListenEvent(ListenEvent.SCHEMA_VERSION,
                EventIds.ofStream(userId, trackId, endedAt),
                skipped ? "skip" : "play",
                userId,
                null,
                trackId,
                trackName,
                null,
                artistName,
                null,
                albumName,
                null,
                msPlayed,
                DeviceTypes.of(r.platform()),
                country,
                "unknown",
                contextType,
                null,
                EventIds.formatPlayedAt(endedAt),
                "import",
                r.shuffle(),
                truncate(r.reasonStart(), 100),
                truncate(r.reasonEnd(), 100),
                truncate(r.platform(), 500),
                null,
                null));
    }

    public Outcome map(String userId, ExportRecords.AccountData r) {
        Instant endedAt;
        try {
            endedAt = LocalDateTime.parse(r.endTime(), END_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NullPointerException e) {
            return Outcome.skipped(Skip.INVALID);
        }
        if (r.trackName() == null || r.artistName() == null) {
            return Outcome.skipped(Skip.NOT_A_TRACK);
        }
        long msPlayed = r.msPlayed() == null ? 0 : Math.max(0, r.msPlayed());
        if (msPlayed < minMsPlayed) {
            return Outcome.skipped(Skip.SHORT);
        }
        String trackId = EventIds.ofTrackName(r.artistName(), r.trackName());
        return Outcome.of(new ListenEvent(ListenEvent.SCHEMA_VERSION,
                EventIds.ofStream(userId, trackId, endedAt),
                "play",
                userId,
                null,
                trackId,
                r.trackName(),
                null,
                r.artistName(),
                null,
                null,
                null,
                msPlayed,
                "unknown",
                null,
                "unknown",
                null,
                null,
                EventIds.formatPlayedAt(endedAt),
                "import",
                null,
                null,
                null,
                null,
                null,
                null));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
