package dev.playlog.spotify;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Access tokens of the connected accounts, kept in memory only and refreshed from the encrypted refresh token before
 * they expire (or on demand after a 401). A rotated refresh token replaces the stored one; an answer without one
 * keeps it. {@code invalid_grant} marks the account "sign in again", which stops its polling.
 */
@Component
public class SpotifyAccessTokens {

    private static final Logger LOG = LoggerFactory.getLogger(SpotifyAccessTokens.class);

    private record Cached(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Cached[token=(hidden), expiresAt=" + expiresAt + "]";
        }
    }

    private final SpotifyAccountStore store;
    private final SpotifyOAuth oauth;
    private final TokenCipher cipher;
    private final SpotifyProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Autowired
    public SpotifyAccessTokens(SpotifyAccountStore store, SpotifyOAuth oauth, TokenCipher cipher,
            SpotifyProperties properties) {
        this(store, oauth, cipher, properties, Clock.systemUTC());
    }

    SpotifyAccessTokens(SpotifyAccountStore store, SpotifyOAuth oauth, TokenCipher cipher,
            SpotifyProperties properties, Clock clock) {
        this.store = store;
        this.oauth = oauth;
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock;
    }

    /** Remembers the access token a sign-in just obtained. */
    public void remember(String accountId, SpotifyTokens tokens) {
        cache.put(accountId, new Cached(tokens.accessToken(), clock.instant().plusSeconds(tokens.expiresInSeconds())));
    }

    /** A token valid for at least the refresh margin, refreshing when needed. */
    public String accessToken(String accountId) {
        Cached cached = cache.get(accountId);
        if (cached != null && cached.expiresAt().isAfter(clock.instant().plus(properties.refreshMargin()))) {
            return cached.token();
        }
        return refresh(accountId);
    }

    /** Refreshes now (after a 401), whatever the cached expiry says. */
    public synchronized String refresh(String accountId) {
        SpotifyAccount account = store.get(accountId)
                .orElseThrow(() -> new IllegalArgumentException("No Spotify account " + accountId));
        if (account.signInAgainReason != null) {
            throw new SpotifyException.InvalidGrant(account.signInAgainReason);
        }
        String refreshToken = cipher.decrypt(accountId, account.encryptedRefreshToken);
        SpotifyTokens tokens;
        try {
            tokens = oauth.refresh(refreshToken);
        } catch (SpotifyException.InvalidGrant e) {
            cache.remove(accountId);
            String reason = e.getMessage() + " — sign in again on /spotify";
            store.update(accountId, a -> a.signInAgainReason = reason);
            LOG.warn("Spotify account {} must sign in again: {}; its polling stops", accountId, e.getMessage());
            throw e;
        }
        if (tokens.refreshToken() != null && !tokens.refreshToken().equals(refreshToken)) {
            String sealed = cipher.encrypt(accountId, tokens.refreshToken());
            store.update(accountId, a -> a.encryptedRefreshToken = sealed);
            LOG.info("Spotify account {}: refresh token rotated and stored", accountId);
        }
        remember(accountId, tokens);
        LOG.debug("Spotify account {}: access token refreshed, valid {} s", accountId, tokens.expiresInSeconds());
        return tokens.accessToken();
    }

    public void forget(String accountId) {
        cache.remove(accountId);
    }
}
