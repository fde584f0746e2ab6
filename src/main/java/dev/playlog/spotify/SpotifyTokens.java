package dev.playlog.spotify;

/**
 * What Spotify's token endpoint answered. {@code refreshToken} is null when the answer carried none (keep the old
 * one). {@link #toString()} shows no token.
 */
public record SpotifyTokens(String accessToken, String refreshToken, long expiresInSeconds) {

    @Override
    public String toString() {
        return "SpotifyTokens[accessToken=(hidden), refreshToken=" + (refreshToken == null ? "(none)" : "(hidden)")
                + ", expiresInSeconds=" + expiresInSeconds + "]";
    }
}
