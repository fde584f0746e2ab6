package dev.playlog.spotify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The sign-in flow behind /spotify/login and /spotify/callback: Authorization Code with PKCE, a random single-use
 * {@code state} per attempt (valid 10 minutes) checked on the callback, then the code exchange, {@code /v1/me} for the
 * account id, and the refresh token stored encrypted.
 */
@Component
public class SpotifySignIn {

    static final Duration STATE_TTL = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 50;
    private static final Logger LOG = LoggerFactory.getLogger(SpotifySignIn.class);

    private record Pending(String codeVerifier, Instant createdAt) {
        @Override
        public String toString() {
            return "Pending[createdAt=" + createdAt + "]";
        }
    }

    /** The callback could not complete; the message is safe to show and log. */
    public static class SignInFailed extends RuntimeException {
        public SignInFailed(String message) {
            super(message);
        }
    }

    private final SpotifyOAuth oauth;
    private final SpotifyWebApi api;
    private final SpotifyAccountStore store;
    private final SpotifyAccessTokens tokens;
    private final TokenCipher cipher;
    private final SpotifyProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    @Autowired
    public SpotifySignIn(SpotifyOAuth oauth, SpotifyWebApi api, SpotifyAccountStore store, SpotifyAccessTokens tokens,
            TokenCipher cipher, SpotifyProperties properties) {
        this(oauth, api, store, tokens, cipher, properties, Clock.systemUTC());
    }

    SpotifySignIn(SpotifyOAuth oauth, SpotifyWebApi api, SpotifyAccountStore store, SpotifyAccessTokens tokens,
            TokenCipher cipher, SpotifyProperties properties, Clock clock) {
        this.oauth = oauth;
        this.api = api;
        this.store = store;
        this.tokens = tokens;
        this.cipher = cipher;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts a sign-in: the URL of Spotify's consent page. */
    public synchronized String start() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        SpotifyOAuth.Authorization authorization = oauth.authorize(state);
        expire();
        if (pending.size() >= MAX_PENDING) {
            Iterator<String> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        pending.put(state, new Pending(authorization.codeVerifier(), clock.instant()));
        return authorization.url();
    }

    /** Completes a sign-in from the callback's query; returns the connected account id. */
    public String complete(String code, String state, String error) {
        Pending attempt;
        synchronized (this) {
            expire();
            attempt = state == null ? null : pending.remove(state);
        }
        if (attempt == null) {
            LOG.warn("Spotify sign-in refused: unknown, used or expired state");
            throw new SignInFailed("This sign-in link is unknown, was already used or expired: start again from /spotify.");
        }
        if (error != null) {
            throw new SignInFailed("Spotify did not authorize Playlog (" + error + ").");
        }
        if (code == null || code.isBlank()) {
            throw new SignInFailed("Spotify's answer has no authorization code.");
        }
        SpotifyTokens granted;
        SpotifyWebApi.Profile profile;
        try {
            granted = oauth.exchange(code, attempt.codeVerifier());
            if (granted.refreshToken() == null) {
                throw new SignInFailed("Spotify's token answer has no refresh token.");
            }
            profile = api.me(granted.accessToken());
        } catch (SpotifyException e) {
            throw new SignInFailed("Signing in with Spotify failed: " + e.getMessage());
        }
        String sealed = cipher.encrypt(profile.id(), granted.refreshToken());
        String name = profile.displayName() == null ? profile.id() : profile.displayName();
        if (!store.connect(profile.id(), name, sealed, clock.instant(), properties.maxAccounts())) {
            throw new SignInFailed("Playlog already has " + properties.maxAccounts()
                    + " Spotify accounts (a development-mode Spotify app allows 5 users); remove one first.");
        }
        tokens.remember(profile.id(), granted);
        LOG.info("Spotify account {} connected", profile.id());
        return profile.id();
    }

    private void expire() {
        Instant oldest = clock.instant().minus(STATE_TTL);
        pending.values().removeIf(p -> p.createdAt().isBefore(oldest));
    }
}
