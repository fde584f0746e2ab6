package dev.playlog.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * Deterministic event ids: the first 128 bits of SHA-256 over the event's identity, so that replaying the same
 * play (a retried poll, a restart, the same file imported twice) yields the same {@code event_id} and silver keeps
 * one row for it.
 */
public final class EventIds {

    /** The contract's {@code played_at} format: UTC with exactly three fraction digits. */
    public static final DateTimeFormatter PLAYED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventIds() {
    }

    /**
     * Id of an event whose identity is (user, track, instant, type). The instant is truncated to milliseconds,
     * the precision the contract keeps.
     */
    public static String of(String userId, String trackId, Instant playedAt, String eventType) {
        return hash(userId + '\u001f' + trackId + '\u001f' + PLAYED_AT.format(playedAt.truncatedTo(ChronoUnit.MILLIS))
                + '\u001f' + eventType);
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
