package dev.playlog.spotify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component "spotify": UP with each account's status in the details, including
 * "sign in again" and its reason when a refresh token was refused. An account needing sign-in does not take the
 * whole application down (the rest of the pipeline runs), it is reported here and on /spotify.
 */
@Component("spotify")
public class SpotifyHealthIndicator extends AbstractHealthIndicator {

    private final SpotifyAccountStore store;
    private final SpotifyProperties properties;

    public SpotifyHealthIndicator(SpotifyAccountStore store, SpotifyProperties properties) {
        super("Spotify health check failed");
        this.store = store;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = Instant.now();
        Map<String, Object> accounts = new LinkedHashMap<>();
        int needSignIn = 0;
        for (SpotifyAccount a : store.list()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", a.status(now));
            if (a.signInAgainReason != null) {
                detail.put("reason", a.signInAgainReason);
                needSignIn++;
            }
            if (a.lastPollAt != null) {
                detail.put("lastPoll", a.lastPollAt.toString());
            }
            if (a.rateLimitedUntil != null && a.rateLimitedUntil.isAfter(now)) {
                detail.put("rateLimitedUntil", a.rateLimitedUntil.toString());
            }
            if (a.lastError != null) {
                detail.put("lastError", a.lastError);
            }
            detail.put("playsIngested", a.playsIngested);
            accounts.put(a.id, detail);
        }
        builder.up().withDetail("enabled", properties.enabled()).withDetail("accounts", accounts)
                .withDetail("accountsNeedingSignIn", needSignIn);
    }
}
