package dev.playlog.spotify;

import java.time.Duration;

/**
 * A call to Spotify that did not give what was asked. Messages carry the HTTP status and Spotify's error text, never
 * a token or a secret. Subclasses say what the poller does about it.
 */
public class SpotifyException extends RuntimeException {

    public SpotifyException(String message) {
        super(message);
    }

    /** The refresh token was refused ({@code invalid_grant}): the account must sign in again; not retried. */
    public static class InvalidGrant extends SpotifyException {
        public InvalidGrant(String message) {
            super(message);
        }
    }

    /** HTTP 429: wait at least {@code retryAfter}. */
    public static class RateLimited extends SpotifyException {
        private final Duration retryAfter;

        public RateLimited(Duration retryAfter) {
            super("rate-limited by Spotify (HTTP 429), Retry-After " + retryAfter.toSeconds() + " s");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** HTTP 401 from the Web API: the access token is expired or invalid. */
    public static class Unauthorized extends SpotifyException {
        public Unauthorized(String message) {
            super(message);
        }
    }

    /** An answer Playlog cannot read (not JSON, wrong shape). */
    public static class Malformed extends SpotifyException {
        public Malformed(String message) {
            super(message);
        }
    }

    /** Anything else: 5xx, 403, timeouts, connection failures; retried later with backoff. */
    public static class Unavailable extends SpotifyException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
