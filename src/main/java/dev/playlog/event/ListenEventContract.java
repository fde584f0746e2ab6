package dev.playlog.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The value rules of {@code schema/listen-event.v1.schema.json}, written out by hand so that checking an event costs
 * well under a microsecond instead of a generic JSON-schema walk over a tree (the lake writer and the simulator
 * check every event). The JSON-level rules (field names, JSON types, required fields) are enforced by
 * {@link ListenEventCodec#decode(String)} while it reads. {@code ListenEventContractTest} runs this class and the
 * schema file side by side over valid and broken events and requires the same verdict, so the two cannot drift.
 */
public final class ListenEventContract {

    public static final Set<String> EVENT_TYPES = Set.of("play", "skip", "pause", "add_to_playlist", "like");
    public static final Set<String> DEVICE_TYPES = Set.of("mobile", "desktop", "web", "tablet", "speaker", "tv", "car",
            "console", "unknown");
    public static final Set<String> SUBSCRIPTIONS = Set.of("free", "premium", "unknown");
    public static final Set<String> CONTEXT_TYPES = Set.of("playlist", "album", "artist", "radio", "collection", "show",
            "search");
    public static final Set<String> SOURCES = Set.of("simulator", "spotify", "import");

    /**
     * Earliest {@code played_at} the contract accepts. A stream before Spotify and this project existed is a broken
     * clock or a broken producer (a year 0000 would land in silver as 1 BC); dbt's silver applies the same bound
     * (var {@code listen_event_earliest_played_at}).
     */
    public static final String EARLIEST_PLAYED_AT = "2000-01-01T00:00:00.000Z";
    /**
     * How far {@code played_at} may lie after the clock of whoever checks (producer or lake writer): device clocks run
     * ahead, a day is generous. dbt's silver applies it to {@code ingested_at} (var {@code listen_event_max_hours_ahead}),
     * the lake writer's clock when it checked the record, so both reject the same rows.
     */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private ListenEventContract() {
    }

    /** The latest {@code played_at} accepted by a check made at {@code now}, in the contract's format. */
    public static String latestPlayedAt(Instant now) {
        return EventIds.formatPlayedAt(now.plus(MAX_AHEAD));
    }

    /**
     * Whether a {@code played_at} of the contract's shape lies between {@link #EARLIEST_PLAYED_AT} and {@code latest}
     * (both included). The format has a fixed width and four-digit years, so text order is time order.
     */
    public static boolean isInRange(String playedAt, String latest) {
        return playedAt.compareTo(EARLIEST_PLAYED_AT) >= 0 && playedAt.compareTo(latest) <= 0;
    }

    /**
     * Adds one line per broken rule of the contract to {@code violations}; adds nothing for a valid event.
     * {@code latestPlayedAt} is {@link #latestPlayedAt(Instant)} of the checking clock.
     */
    public static void check(ListenEvent e, String latestPlayedAt, List<String> violations) {
        if (e.schemaVersion() != ListenEvent.SCHEMA_VERSION) {
            violations.add("schema_version: must be " + ListenEvent.SCHEMA_VERSION + ", was " + e.schemaVersion());
        }
        if (e.eventId() == null) {
            violations.add("event_id: must be a string, was null");
        } else if (!isLowerHex32(e.eventId())) {
            violations.add("event_id: must be 32 lower-case hex digits, was '" + clip(e.eventId()) + "'");
        }
        oneOf("event_type", e.eventType(), isEventType(e.eventType()), EVENT_TYPES, false, violations);
        text("user_id", e.userId(), 1, 200, false, violations);
        text("session_id", e.sessionId(), 0, 200, true, violations);
        text("track_id", e.trackId(), 1, 200, false, violations);
        text("track_name", e.trackName(), 0, 1000, false, violations);
        text("artist_id", e.artistId(), 0, 200, true, violations);
        text("artist_name", e.artistName(), 0, 1000, false, violations);
        text("album_id", e.albumId(), 0, 200, true, violations);
        text("album_name", e.albumName(), 0, 1000, true, violations);
        if (e.durationMs() != null && e.durationMs() < 0) {
            violations.add("duration_ms: must be >= 0, was " + e.durationMs());
        }
        if (e.msPlayed() < 0) {
            violations.add("ms_played: must be >= 0, was " + e.msPlayed());
        }
        oneOf("device_type", e.deviceType(), isDeviceType(e.deviceType()), DEVICE_TYPES, false, violations);
        if (e.country() != null && !isCountryCode(e.country())) {
            violations.add("country: must be two upper-case letters (ISO-3166 alpha-2), was '" + clip(e.country()) + "'");
        }
        oneOf("subscription", e.subscription(), isSubscription(e.subscription()), SUBSCRIPTIONS, false, violations);
        oneOf("context_type", e.contextType(), isContextType(e.contextType()), CONTEXT_TYPES, true, violations);
        text("context_uri", e.contextUri(), 0, 500, true, violations);
        if (e.playedAt() == null) {
            violations.add("played_at: must be a string, was null");
        } else if (!isUtcMillis(e.playedAt())) {
            violations.add("played_at: must be a UTC instant like 2026-11-21T07:05:09.123Z, was '" + clip(e.playedAt()) + "'");
        } else if (!isInRange(e.playedAt(), latestPlayedAt)) {
            violations.add("played_at: must lie between " + EARLIEST_PLAYED_AT + " and " + latestPlayedAt
                    + " (one day after the checking clock), was '" + e.playedAt() + "'");
        }
        oneOf("source", e.source(), isSource(e.source()), SOURCES, false, violations);
        text("reason_start", e.reasonStart(), 0, 100, true, violations);
        text("reason_end", e.reasonEnd(), 0, 100, true, violations);
        text("platform", e.platform(), 0, 500, true, violations);
        text("isrc", e.isrc(), 0, 20, true, violations);
    }

    /**
     * Whether {@code s} has the contract's shape {@code yyyy-MM-ddTHH:mm:ss.SSSZ} and names a real instant (the
     * schema's pattern alone lets a month 13 through, which the lake's Parquet writer would then choke on).
     */
    public static boolean isUtcMillis(String s) {
        if (s.length() != 24 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int millis = digits(s, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || millis < 0) {
            return false;
        }
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return day <= (month == 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isLowerHex32(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCountryCode(String s) {
        return s.length() == 2 && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z' && s.charAt(1) >= 'A' && s.charAt(1) <= 'Z';
    }

    // the enums as switches: a string switch is a hash and one equals, cheaper than a Set lookup on every event
    private static boolean isEventType(String v) {
        return v != null && switch (v) {
            case "play", "skip", "pause", "add_to_playlist", "like" -> true;
            default -> false;
        };
    }

    private static boolean isDeviceType(String v) {
        return v != null && switch (v) {
            case "mobile", "desktop", "web", "tablet", "speaker", "tv", "car", "console", "unknown" -> true;
            default -> false;
        };
    }

    private static boolean isSubscription(String v) {
        return v != null && switch (v) {
            case "free", "premium", "unknown" -> true;
            default -> false;
        };
    }

    private static boolean isContextType(String v) {
        return v != null && switch (v) {
            case "playlist", "album", "artist", "radio", "collection", "show", "search" -> true;
            default -> false;
        };
    }

    private static boolean isSource(String v) {
        return v != null && switch (v) {
            case "simulator", "spotify", "import" -> true;
            default -> false;
        };
    }

    private static void oneOf(String field, String value, boolean valid, Set<String> allowed, boolean nullable,
            List<String> violations) {
        if (value == null) {
            if (!nullable) {
                violations.add(field + ": must be one of " + sorted(allowed) + ", was null");
            }
        } else if (!valid) {
            violations.add(field + ": must be one of " + sorted(allowed) + (nullable ? " or null" : "") + ", was '"
                    + clip(value) + "'");
        }
    }

    /**
     * JSON-schema lengths count code points, not UTF-16 units. A lone surrogate (a JSON escape such as
     * {@code \ud800} without its pair) is no character: it cannot be stored as UTF-8 without being changed.
     */
    private static void text(String field, String value, int min, int max, boolean nullable, List<String> violations) {
        if (value == null) {
            if (!nullable) {
                violations.add(field + ": must be a string, was null");
            }
            return;
        }
        int lone = loneSurrogate(value);
        if (lone >= 0) {
            violations.add(field + ": has a lone UTF-16 surrogate at character " + lone + " (not a Unicode character)");
            return;
        }
        // code points never outnumber UTF-16 units, so only a long string needs counting
        int length = value.length() <= max ? value.length() : value.codePointCount(0, value.length());
        if (length < min) {
            violations.add(field + ": must not be empty");
        } else if (length > max) {
            violations.add(field + ": at most " + max + " characters, was " + length);
        }
    }

    /** Index of the first surrogate without its pair, or -1. */
    private static int loneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
