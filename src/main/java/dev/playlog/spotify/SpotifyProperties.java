package dev.playlog.spotify;

import org.hibernate.validator.constraints.time.DurationMin;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Spotify source ({@code playlog.spotify.*}): sign-in, the spotify-poll and spotify-import routes.
 * {@link #toString()} leaves the client secret out.
 *
 * @param enabled          whether spotify-poll and spotify-import start with the app; derived from
 *                         {@code playlog.source} ({@code spotify} or {@code both}) unless set
 * @param accountsBaseUrl  Spotify's accounts service (authorize and token endpoints)
 * @param apiBaseUrl       Spotify's Web API
 * @param clientId         client id of the Spotify app (developer dashboard); sign-in is off without it
 * @param clientSecret     client secret; optional: without it sign-in uses PKCE alone. From the environment
 *                         ({@code PLAYLOG_SPOTIFY_CLIENT_SECRET}), never committed config
 * @param redirectUri      the redirect URI registered for the app; empty = {@code http://127.0.0.1:<server port>/spotify/callback}
 * @param pollInterval     how often spotify-poll asks for each account's recently played tracks; Spotify keeps only
 *                         the last 50 plays, so fewer than 50 plays must happen between two polls
 * @param pollLookback     each poll asks for plays after (newest acknowledged play − this), so plays Spotify reports
 *                         late are still picked up; ids already sent in that window are not sent again
 * @param pageLimit        {@code limit} of each recently-played request (1–50)
 * @param maxPages         pages followed through {@code next} in one poll of one account
 * @param maxAccounts      accounts that can be connected (a development-mode Spotify app allows 5 users)
 * @param requestTimeout   connect and read timeout of every call to Spotify
 * @param backoffInitial   wait after the first failed poll (5xx, timeout) of an account; doubles per failure
 * @param backoffMax       longest wait between failed polls of an account
 * @param refreshMargin    an access token is refreshed when it expires within this margin
 * @param stateDir         where accounts (encrypted refresh tokens), cursors and the generated key live
 * @param tokenKeyFile     file holding the base64 AES-256 key that encrypts refresh tokens (a secrets file); the
 *                         {@code PLAYLOG_TOKEN_KEY} environment variable wins over it
 * @param importDir        folder the spotify-import route watches for export files
 * @param importing        {@code playlog.spotify.import.*}
 */
@Validated
@ConfigurationProperties(prefix = "playlog.spotify")
public record SpotifyProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("https://accounts.spotify.com") @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String accountsBaseUrl,
        @DefaultValue("https://api.spotify.com") @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http(s) URL") String apiBaseUrl,
        String clientId,
        String clientSecret,
        @Pattern(regexp = "(https://.+|http://(127\\.0\\.0\\.1|\\[::1]):[0-9]+/.*)?",
                message = "must be HTTPS or a loopback literal (http://127.0.0.1:PORT/... or http://[::1]:PORT/...); Spotify refuses http://localhost")
        String redirectUri,
        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) Duration pollInterval,
        @DefaultValue("2h") @NotNull @DurationMin(seconds = 0) Duration pollLookback,
        @DefaultValue("50") @Min(1) @Max(50) int pageLimit,
        @DefaultValue("10") @Min(1) @Max(100) int maxPages,
        @DefaultValue("5") @Min(1) @Max(100) int maxAccounts,
        @DefaultValue("10s") @NotNull Duration requestTimeout,
        @DefaultValue("30s") @NotNull Duration backoffInitial,
        @DefaultValue("30m") @NotNull Duration backoffMax,
        @DefaultValue("60s") @NotNull Duration refreshMargin,
        @NotBlank String stateDir,
        String tokenKeyFile,
        @NotBlank String importDir,
        @Name("import") @Valid @DefaultValue Import importing) {

    /**
     * {@code playlog.spotify.import.*}.
     *
     * @param userId          user of export files put directly into the import folder; a file in a sub-folder belongs
     *                        to the user named like the folder (use the Spotify user id shown on /spotify)
     * @param minMsPlayed     streams shorter than this are not imported (Spotify's API never reports plays ≤ 30 s)
     * @param includeEpisodes import podcast episodes too (the API never reports them)
     * @param batchSize       events sent to Kafka per batch
     * @param progressEvery   log a progress line every this many records
     */
    public record Import(
            String userId,
            @DefaultValue("30000") @Min(0) long minMsPlayed,
            @DefaultValue("false") boolean includeEpisodes,
            @DefaultValue("1000") @Min(1) @Max(100_000) int batchSize,
            @DefaultValue("10000") @Min(1) long progressEvery) {
    }

    public boolean signInConfigured() {
        return clientId != null && !clientId.isBlank();
    }

    public boolean hasClientSecret() {
        return clientSecret != null && !clientSecret.isBlank();
    }

    @Override
    public String toString() {
        return "SpotifyProperties[enabled=" + enabled + ", accountsBaseUrl=" + accountsBaseUrl + ", apiBaseUrl=" + apiBaseUrl
                + ", clientId=" + clientId + ", clientSecret=" + (hasClientSecret() ? "(set)" : "(none)")
                + ", redirectUri=" + redirectUri + ", pollInterval=" + pollInterval + ", stateDir=" + stateDir
                + ", importDir=" + importDir + ", import=" + importing + "]";
    }
}
