package dev.playlog.spotify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The /spotify page (plain server-side HTML): connected accounts with their status, the sign-in button and the
 * OAuth callback. Served on the app's loopback address like Hawtio.
 */
@RestController
public class SpotifyController {

    private final SpotifySignIn signIn;
    private final SpotifyAccountStore store;
    private final SpotifyAccessTokens tokens;
    private final SpotifyOAuth oauth;
    private final SpotifyProperties properties;

    public SpotifyController(SpotifySignIn signIn, SpotifyAccountStore store, SpotifyAccessTokens tokens,
            SpotifyOAuth oauth, SpotifyProperties properties) {
        this.signIn = signIn;
        this.store = store;
        this.tokens = tokens;
        this.oauth = oauth;
        this.properties = properties;
    }

    @GetMapping(value = "/spotify", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam(required = false) String connected, CsrfToken csrf) {
        return html(HttpStatus.OK, render(connected == null ? null : "Connected " + connected + ".", csrf));
    }

    @GetMapping("/spotify/login")
    public ResponseEntity<String> login() {
        if (!properties.signInConfigured()) {
            return html(HttpStatus.SERVICE_UNAVAILABLE, render("Sign-in needs playlog.spotify.client-id: see docs/spotify.md.", null));
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(signIn.start())).build();
    }

    @GetMapping(value = SpotifyOAuth.CALLBACK_PATH, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> callback(@RequestParam(required = false) String code,
            @RequestParam(required = false) String state, @RequestParam(required = false) String error, CsrfToken csrf) {
        try {
            String account = signIn.complete(code, state, error);
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/spotify?connected=" + account)).build();
        } catch (SpotifySignIn.SignInFailed e) {
            return html(HttpStatus.BAD_REQUEST, render(e.getMessage(), csrf));
        }
    }

    @PostMapping("/spotify/accounts/{id}/remove")
    public ResponseEntity<String> remove(@PathVariable String id) {
        store.remove(id);
        tokens.forget(id);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/spotify")).build();
    }

    /** The page; {@code csrf} (null where no form is shown) goes into each form, as state-changing POSTs need it. */
    private String render(String notice, CsrfToken csrf) {
        Instant now = Instant.now();
        List<SpotifyAccount> accounts = store.list();
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Playlog · Spotify</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
                td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}.warn{color:#a40}</style></head>
                <body><h1>Spotify accounts</h1>
                """);
        if (notice != null) {
            html.append("<p class=\"warn\">").append(esc(notice)).append("</p>\n");
        }
        html.append("<table><tr><th>Account</th><th>Status</th><th>Last poll</th><th>Plays ingested</th>")
                .append("<th>Rate-limited until</th><th>Details</th><th></th></tr>\n");
        for (SpotifyAccount a : accounts) {
            String status = a.status(now);
            String details = a.signInAgainReason != null ? a.signInAgainReason : a.lastError;
            html.append("<tr><td>").append(esc(a.displayName)).append(" <small>(").append(esc(a.id)).append(")</small></td>")
                    .append("<td>").append(esc(status));
            if ("sign in again".equals(status)) {
                html.append(" — <a href=\"/spotify/login\">sign in again</a>");
            }
            html.append("</td><td>").append(time(a.lastPollAt)).append("</td><td>").append(a.playsIngested)
                    .append("</td><td>").append("rate-limited".equals(status) ? time(a.rateLimitedUntil) : "")
                    .append("</td><td>").append(esc(details)).append("</td>")
                    .append("<td><form method=\"post\" action=\"/spotify/accounts/").append(esc(a.id))
                    .append("/remove\">").append(hiddenToken(csrf)).append("<button>Remove</button></form></td></tr>\n");
        }
        if (accounts.isEmpty()) {
            html.append("<tr><td colspan=\"7\">No account connected yet.</td></tr>\n");
        }
        html.append("</table>\n");
        if (!properties.signInConfigured()) {
            html.append("<p>Set <code>playlog.spotify.client-id</code> to enable sign-in (docs/spotify.md).</p>\n");
        } else if (accounts.size() < properties.maxAccounts()) {
            html.append("<p><a href=\"/spotify/login\">Connect a Spotify account</a> (")
                    .append(accounts.size()).append(" of ").append(properties.maxAccounts()).append(")</p>\n");
        } else {
            html.append("<p>All ").append(properties.maxAccounts()).append(" accounts are connected.</p>\n");
        }
        html.append("<p>Redirect URI to register for the Spotify app: <code>").append(esc(oauth.redirectUri()))
                .append("</code><br>Polling every ").append(esc(properties.pollInterval().toString()))
                .append(" (Spotify keeps only the last 50 plays)")
                .append(properties.enabled() ? "" : " — the Spotify routes are not started (playlog.source)")
                .append(".<br>History import folder: <code>").append(esc(properties.importDir()))
                .append("/&lt;account id&gt;/</code></p>\n</body></html>\n");
        return html.toString();
    }

    private static String hiddenToken(CsrfToken csrf) {
        return csrf == null ? "" : "<input type=\"hidden\" name=\"" + esc(csrf.getParameterName()) + "\" value=\""
                + esc(csrf.getToken()) + "\">";
    }

    private static String time(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String esc(String s) {
        return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(body);
    }
}
