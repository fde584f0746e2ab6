package dev.playlog.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic event ids: the first 128 bits of SHA-256 over the event's identity, so that replaying the same
 * play (a retried poll, a restart, the same file imported twice) yields the same {@code event_id} and silver keeps
 * one row for it.
 */
public final class EventIds {

    /** The contract's {@code played_at} format: UTC with exactly three fraction digits. */
    public static final DateTimeFormatter PLAYED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** First element of a simulated event's identity, so it can never hash like a Spotify stream's. */
    public static final String SIMULATED = "sim";

    private EventIds() {
    }

    /**
     * Id of a simulated event: the simulator's seed and the event's position in the seeded stream ({@code sequence},
     * 0 for the first event a generator makes) followed by (user, track, instant, type), the instant truncated to
     * milliseconds. Why the position: above about a thousand events per second two distinct events can share user,
     * track, type and millisecond, and silver would drop one as a duplicate. A restart with the same seed re-sends the
     * same events in the same order, so they keep their ids.
     */
    public static String ofSimulated(long seed, long sequence, String userId, String trackId, Instant playedAt,
            String eventType) {
        return hash(SIMULATED + '\u001f' + seed + '\u001f' + sequence + '\u001f' + userId + '\u001f' + trackId + '\u001f'
                + PLAYED_AT.format(playedAt.truncatedTo(ChronoUnit.MILLIS)) + '\u001f' + eventType);
    }

    /**
     * Id of a Spotify stream (polled or imported), whose identity is (user, track, end of the stream truncated to the
     * second). Why seconds: the privacy export's {@code ts} has seconds precision while the Web API's
     * {@code played_at} has milliseconds, and both are the end of the same stream, so a play seen in an import and
     * in polling must hash alike. The event type is deliberately not part of it: an export may call a stream a
     * skip that the API reports as a play. Two streams of the same track by the same user ending within the same
     * second count as one (it only happens with offline-synced plays that share one {@code ts}).
     */
    public static String ofStream(String userId, String trackId, Instant endedAt) {
        return hash("stream" + '\u001f' + userId + '\u001f' + trackId + '\u001f'
                + PLAYED_AT.format(endedAt.truncatedTo(ChronoUnit.SECONDS)));
    }

    /**
     * A stable stand-in track id for a source that names a track but gives no Spotify id (account-data exports,
     * local files): {@code name:} followed by 128 bits of SHA-256 over the lower-cased, trimmed artist and track
     * names, so the same song always gets the same id.
     */
    public static String ofTrackName(String artistName, String trackName) {
        return "name:" + hash(normalize(artistName) + '\u001f' + normalize(trackName));
    }

    private static String normalize(String name) {
        return name == null ? "" : Normalizer.normalize(name.strip(), Normalizer.Form.NFC)
                .toLowerCase(Locale.ROOT);
    }

    static String hash(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
        }
    }

    public static String formatPlayedAt(Instant instant) {
        return PLAYED_AT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
