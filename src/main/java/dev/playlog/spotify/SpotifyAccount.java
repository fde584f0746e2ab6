package dev.playlog.spotify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connected Spotify account as {@link SpotifyAccountStore} persists it: the encrypted refresh token, the poll
 * cursor and the ids sent within the look-back window, and what /spotify and /actuator/health show. Mutated only
 * through the store. {@link #toString()} leaves the token out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class SpotifyAccount {

    /** Spotify user id; also the {@code user_id} of this account's events. */
    public String id;
    public String displayName;
    /** AES-GCM sealed refresh token (see {@link TokenCipher}). */
    public String encryptedRefreshToken;
    public Instant connectedAt;
    /** Why the account must sign in again (refresh token refused); polling is stopped while set. */
    public String signInAgainReason;
    /** {@code played_at} (ms) of the newest play Kafka acknowledged. */
    public Long cursorMs;
    /** Event ids sent whose play is within the look-back window, with their {@code played_at} in ms. */
    public Map<String, Long> recentIds = new LinkedHashMap<>();
    public Instant lastPollAt;
    public long playsIngested;
    public Instant rateLimitedUntil;
    public Instant backoffUntil;
    public int consecutiveFailures;
    public String lastError;

    SpotifyAccount copy() {
        SpotifyAccount c = new SpotifyAccount();
        c.id = id;
        c.displayName = displayName;
        c.encryptedRefreshToken = encryptedRefreshToken;
        c.connectedAt = connectedAt;
        c.signInAgainReason = signInAgainReason;
        c.cursorMs = cursorMs;
        c.recentIds = new LinkedHashMap<>(recentIds);
        c.lastPollAt = lastPollAt;
        c.playsIngested = playsIngested;
        c.rateLimitedUntil = rateLimitedUntil;
        c.backoffUntil = backoffUntil;
        c.consecutiveFailures = consecutiveFailures;
        c.lastError = lastError;
        return c;
    }

    /** Short status for /spotify and health: connected, rate-limited, backing off or sign in again. */
    public String status(Instant now) {
        if (signInAgainReason != null) {
            return "sign in again";
        }
        if (rateLimitedUntil != null && rateLimitedUntil.isAfter(now)) {
            return "rate-limited";
        }
        if (backoffUntil != null && backoffUntil.isAfter(now)) {
            return "backing off";
        }
        return "connected";
    }

    @Override
    public String toString() {
        return "SpotifyAccount[id=" + id + ", cursorMs=" + cursorMs + ", signInAgain=" + (signInAgainReason != null) + "]";
    }
}
