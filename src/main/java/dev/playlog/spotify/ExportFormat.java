package dev.playlog.spotify;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The privacy-export files Playlog imports, told apart by file name; used by {@link SpotifyHistoryImporter}.
 * The spotify-import route's {@code include} option lists the same names ({@link #FILE_NAME_REGEX}); the patterns
 * avoid {@code +}, which an endpoint URI reads as a space.
 */
public enum ExportFormat {

    /** Extended streaming history: track URI, end time to the second, ms_played, skip and platform fields. */
    EXTENDED("Streaming_History_Audio_[^/]*\\.json|endsong_[0-9][0-9]*\\.json"),

    /** Account data (about a year): artist and track name, end time to the minute, ms_played; no URI. */
    ACCOUNT_DATA("StreamingHistory[0-9][0-9]*\\.json|StreamingHistory_music_[0-9][0-9]*\\.json");

    /** Every importable file name; the spotify-import route's {@code include} must equal it. */
    public static final String FILE_NAME_REGEX = EXTENDED.regex + "|" + ACCOUNT_DATA.regex;

    private final String regex;
    private final Pattern pattern;

    ExportFormat(String regex) {
        this.regex = regex;
        this.pattern = Pattern.compile(regex);
    }

    public static Optional<ExportFormat> of(String fileName) {
        for (ExportFormat format : values()) {
            if (format.pattern.matcher(fileName).matches()) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
