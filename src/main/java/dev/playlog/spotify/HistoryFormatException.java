package dev.playlog.spotify;

/**
 * An export file that cannot be read (not a JSON array, malformed JSON, unknown name, no user for it): the
 * spotify-import route does not retry it and moves it to the {@code .failed} folder.
 */
public class HistoryFormatException extends RuntimeException {

    public HistoryFormatException(String message) {
        super(message);
    }
}
