package dev.playlog.simulator;

import dev.playlog.event.EventIds;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * Writes an event's {@code played_at} and {@code event_id} exactly as {@link EventIds#formatPlayedAt} and
 * {@link EventIds#ofSimulated} do (a test compares them), at a fraction of the cost: those build a formatter pass, a
 * concatenated string and a new {@link MessageDigest} per event, which alone would hold the generator under a
 * million events per second. One instance per generator; not thread-safe.
 */
final class EventStamper {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long DAY_MS = 86_400_000L;
    private static final byte SEPARATOR = 0x1f;

    private final MessageDigest sha256;
    private final byte[] digest = new byte[32];
    private final byte[] hex = new byte[32];
    private final byte[] stamp = new byte[24];
    private byte[] lastStamp = stamp;
    private final byte[] identity = new byte[256];
    private long stampDay = Long.MIN_VALUE;
    /** {@code sim<US><seed><US>}: the start of every identity this stamper hashes. */
    private final byte[] prefix;

    EventStamper(long seed) {
        this.prefix = utf8(EventIds.SIMULATED + (char) SEPARATOR + seed + (char) SEPARATOR);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JVM specification", e);
        }
    }

    /**
     * {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} of an instant given in epoch milliseconds; the next
     * {@link #eventId} call uses it.
     */
    String playedAt(long epochMillis) {
        long day = Math.floorDiv(epochMillis, DAY_MS);
        if (day != stampDay && !writeDate(day)) {
            String slow = EventIds.formatPlayedAt(Instant.ofEpochMilli(epochMillis));
            lastStamp = slow.getBytes(StandardCharsets.UTF_8);
            return slow;
        }
        lastStamp = stamp;
        int msOfDay = (int) Math.floorMod(epochMillis, DAY_MS);
        int seconds = msOfDay / 1000;
        two(11, seconds / 3600);
        stamp[13] = ':';
        two(14, seconds / 60 % 60);
        stamp[16] = ':';
        two(17, seconds % 60);
        stamp[19] = '.';
        int millis = msOfDay % 1000;
        stamp[20] = (byte) ('0' + millis / 100);
        stamp[21] = (byte) ('0' + millis / 10 % 10);
        stamp[22] = (byte) ('0' + millis % 10);
        stamp[23] = 'Z';
        return new String(stamp, 0, 24, StandardCharsets.ISO_8859_1);
    }

    /**
     * The same id as {@code EventIds.ofSimulated(seed, sequence, userId, trackId, instant, eventType)} for the instant
     * last passed to {@link #playedAt}; the arguments are the UTF-8 bytes of the ids and the type.
     */
    String eventId(long sequence, byte[] userId, byte[] trackId, byte[] eventType) {
        int n = put(prefix, 0);
        n = putDecimal(sequence, n);
        identity[n++] = SEPARATOR;
        n = put(userId, n);
        identity[n++] = SEPARATOR;
        n = put(trackId, n);
        identity[n++] = SEPARATOR;
        n = put(lastStamp, n);
        identity[n++] = SEPARATOR;
        n = put(eventType, n);
        sha256.update(identity, 0, n);
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest does not fit 32 bytes", e);
        }
        for (int i = 0; i < 16; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(hex, 0, 32, StandardCharsets.ISO_8859_1);
    }

    private int put(byte[] bytes, int at) {
        if (at + bytes.length + 1 > identity.length) {
            // the simulator's ids are a few dozen bytes: refuse rather than hash a cut identity
            throw new IllegalArgumentException("identity longer than " + identity.length + " bytes");
        }
        System.arraycopy(bytes, 0, identity, at, bytes.length);
        return at + bytes.length;
    }

    /** A non-negative number in decimal ASCII, as {@code Long.toString} writes it, without a String. */
    private int putDecimal(long value, int at) {
        if (value < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + value);
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        if (at + digits + 1 > identity.length) {
            throw new IllegalArgumentException("identity longer than " + identity.length + " bytes");
        }
        long rest = value;
        for (int i = at + digits - 1; i >= at; i--) {
            identity[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return at + digits;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Civil date of an epoch day (H. Hinnant's algorithm); false outside years 1..9999, which take the slow path. */
    private boolean writeDate(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int dayOfMonth = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1 || year > 9999) {
            return false;
        }
        int y = (int) year;
        stamp[0] = (byte) ('0' + y / 1000);
        stamp[1] = (byte) ('0' + y / 100 % 10);
        stamp[2] = (byte) ('0' + y / 10 % 10);
        stamp[3] = (byte) ('0' + y % 10);
        stamp[4] = '-';
        two(5, month);
        stamp[7] = '-';
        two(8, dayOfMonth);
        stamp[10] = 'T';
        stampDay = epochDay;
        return true;
    }

    private void two(int at, int value) {
        stamp[at] = (byte) ('0' + value / 10);
        stamp[at + 1] = (byte) ('0' + value % 10);
    }
}
