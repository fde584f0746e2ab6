package dev.playlog.spotify;

import dev.playlog.event.ListenEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Polls every connected account's recently played tracks for the spotify-poll route, each account on its own (one
 * account's failure never stops the others), and advances an account's cursor only in {@link #acknowledge}, which
 * the route calls after Kafka acknowledged that account's events.
 *
 * <p>Each poll asks for plays after (cursor − {@code poll-lookback}) so plays Spotify reports late are still seen,
 * follows {@code next} while pages stay inside that window, and drops ids already sent within it (kept with the
 * cursor), so a replayed poll or a restart sends nothing twice. A 401 refreshes the access token and retries once;
 * 429 stores a deadline from {@code Retry-After}; 5xx, timeouts and unreadable answers back off exponentially.
 */
@Component(SpotifyPoller.BEAN)
public class SpotifyPoller {

    public static final String BEAN = "spotifyPoller";
    private static final Logger LOG = LoggerFactory.getLogger(SpotifyPoller.class);

    private final SpotifyAccountStore store;
    private final SpotifyAccessTokens tokens;
    private final SpotifyWebApi api;
    private final SpotifyProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    @Autowired
    public SpotifyPoller(SpotifyAccountStore store, SpotifyAccessTokens tokens, SpotifyWebApi api,
            SpotifyProperties properties, MeterRegistry meters) {
        this(store, tokens, api, properties, meters, Clock.systemUTC());
    }

    SpotifyPoller(SpotifyAccountStore store, SpotifyAccessTokens tokens, SpotifyWebApi api,
            SpotifyProperties properties, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.api = api;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** Polls each account that is due; returns what each successful poll found (possibly no events). */
    public synchronized List<PolledPlays> pollAll() {
        List<PolledPlays> results = new ArrayList<>();
        for (SpotifyAccount account : store.list()) {
            Instant now = clock.instant();
            if (!account.status(now).equals("connected")) {
                LOG.debug("Spotify account {} not polled: {}", account.id, account.status(now));
                continue;
            }
            try {
                results.add(poll(account));
            } catch (SpotifyException.InvalidGrant e) {
                // SpotifyAccessTokens has marked the account; nothing else to do
                LOG.debug("Spotify account {} needs sign-in", account.id);
            } catch (SpotifyException.RateLimited e) {
                Instant until = now.plus(e.retryAfter());
                store.update(account.id, a -> {
                    a.rateLimitedUntil = until;
                    a.lastError = e.getMessage();
                    a.lastPollAt = now;
                });
                LOG.warn("Spotify account {} rate-limited until {} (Retry-After {} s); its cursor is unchanged",
                        account.id, until, e.retryAfter().toSeconds());
            } catch (RuntimeException e) {
                backOff(account, now, e);
            }
        }
        return results;
    }

    private PolledPlays poll(SpotifyAccount account) {
        Instant now = clock.instant();
        Long afterMs = account.cursorMs == null ? null
                : Math.max(0, account.cursorMs - properties.pollLookback().toMillis());
        Map<String, ListenEvent> found = new LinkedHashMap<>();
        long newest = account.cursorMs == null ? Long.MIN_VALUE : account.cursorMs;
        int unreadable = 0;
        int newerThanCursor = 0;
        URI uri = api.recentlyPlayedUri(afterMs);
        for (int page = 0; uri != null && page < properties.maxPages(); page++) {
            RecentlyPlayedPage result = fetch(account.id, uri);
            boolean reachedWindowStart = false;
            for (RecentlyPlayedPage.Item item : result.items()) {
                ListenEvent event;
                try {
                    event = SpotifyPlayMapper.toEvent(account.id, item);
                } catch (IllegalArgumentException e) {
                    unreadable++;
                    LOG.warn("Spotify account {}: left out an unreadable recently-played item ({})", account.id, e.getMessage());
                    continue;
                }
                long playedAtMs = Instant.parse(event.playedAt()).toEpochMilli();
                if (afterMs != null && playedAtMs <= afterMs) {
                    reachedWindowStart = true;
                    continue;
                }
                newest = Math.max(newest, playedAtMs);
                if (account.cursorMs != null && playedAtMs > account.cursorMs) {
                    newerThanCursor++;
                }
                if (!account.recentIds.containsKey(event.eventId())) {
                    found.putIfAbsent(event.eventId(), event);
                }
            }
            String next = result.next();
            if (next == null || result.items().isEmpty() || reachedWindowStart) {
                uri = null;
            } else if (!api.isOwnUrl(next)) {
                LOG.warn("Spotify account {}: not following a next link outside {}", account.id, api.baseUrl());
                uri = null;
            } else {
                uri = URI.create(next);
            }
        }
        if (newerThanCursor >= properties.pageLimit()) {
            // Spotify keeps the last 50 plays only: plays between the cursor and the oldest of these may be gone
            LOG.warn("Spotify account {}: {} plays since the last acknowledged poll; older ones may be lost. "
                    + "Poll more often (playlog.spotify.poll-interval) and import the history export to fill gaps",
                    account.id, newerThanCursor);
        }
        List<ListenEvent> events = new ArrayList<>(found.values());
        Long cursor = newest == Long.MIN_VALUE ? account.cursorMs : Long.valueOf(newest);
        int leftOut = unreadable;
        store.update(account.id, a -> {
            a.lastPollAt = now;
            a.consecutiveFailures = 0;
            a.backoffUntil = null;
            a.rateLimitedUntil = null;
            a.lastError = leftOut == 0 ? null : leftOut + " unreadable item(s) left out in the last poll";
        });
        LOG.info("Spotify account {}: {} new play(s) since {}", account.id, events.size(),
                afterMs == null ? "the start" : Instant.ofEpochMilli(afterMs));
        return new PolledPlays(account.id, events, cursor);
    }

    /** One page, refreshing the access token and retrying once on 401. */
    private RecentlyPlayedPage fetch(String accountId, URI uri) {
        try {
            return api.recentlyPlayed(uri, tokens.accessToken(accountId));
        } catch (SpotifyException.Unauthorized e) {
            LOG.info("Spotify account {}: access token refused (401), refreshing once", accountId);
            return api.recentlyPlayed(uri, tokens.refresh(accountId));
        }
    }

    private void backOff(SpotifyAccount account, Instant now, RuntimeException e) {
        int failures = account.consecutiveFailures + 1;
        long factor = 1L << Math.min(failures - 1, 20);
        Duration wait = properties.backoffInitial().multipliedBy(factor);
        if (wait.compareTo(properties.backoffMax()) > 0) {
            wait = properties.backoffMax();
        }
        Instant until = now.plus(wait);
        String message = e instanceof SpotifyException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        store.update(account.id, a -> {
            a.consecutiveFailures = failures;
            a.backoffUntil = until;
            a.lastError = message;
            a.lastPollAt = now;
        });
        LOG.warn("Spotify account {}: poll failed ({}); cursor unchanged, next try after {}", account.id, message, until);
    }

    /**
     * Called by the route once Kafka acknowledged {@code polled.events()}: advances the account's cursor and
     * remembers the sent ids within the look-back window.
     */
    public synchronized void acknowledge(PolledPlays polled) {
        if (store.get(polled.accountId()).isEmpty()) {
            return;
        }
        store.update(polled.accountId(), a -> {
            if (polled.cursorMs() != null && (a.cursorMs == null || polled.cursorMs() > a.cursorMs)) {
                a.cursorMs = polled.cursorMs();
            }
            for (ListenEvent event : polled.events()) {
                a.recentIds.put(event.eventId(), Instant.parse(event.playedAt()).toEpochMilli());
            }
            if (a.cursorMs != null) {
                long windowStart = a.cursorMs - properties.pollLookback().toMillis();
                a.recentIds.values().removeIf(playedAt -> playedAt <= windowStart);
            }
            a.playsIngested += polled.events().size();
        });
        if (!polled.events().isEmpty()) {
            meters.counter("playlog.spotify.plays.ingested", "account", polled.accountId()).increment(polled.events().size());
        }
    }
}
