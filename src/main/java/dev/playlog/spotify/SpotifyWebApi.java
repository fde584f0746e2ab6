package dev.playlog.spotify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The two Web API calls Playlog makes ({@code GET /v1/me} at sign-in, {@code GET /v1/me/player/recently-played} when
 * polling) over the JDK HTTP client, branching on the HTTP status (never on Spotify's message text, which changes).
 */
@Component
public class SpotifyWebApi {

    /** The signed-in user, as {@code /v1/me} tells it without extra scopes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Profile(String id, @JsonProperty("display_name") String displayName) {
    }

    private final SpotifyProperties properties;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public SpotifyWebApi(SpotifyProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String baseUrl() {
        String base = properties.apiBaseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The first recently-played page after {@code afterMs} (exclusive), or the latest plays when null. */
    public URI recentlyPlayedUri(Long afterMs) {
        return URI.create(baseUrl() + "/v1/me/player/recently-played?limit=" + properties.pageLimit()
                + (afterMs == null ? "" : "&after=" + afterMs));
    }

    /** Whether a {@code next} link points at the configured Web API (the bearer token goes nowhere else). */
    public boolean isOwnUrl(String url) {
        return url != null && url.startsWith(baseUrl() + "/");
    }

    public Profile me(String accessToken) {
        Profile profile = read(get(URI.create(baseUrl() + "/v1/me"), accessToken), Profile.class, "/v1/me");
        if (profile.id() == null || profile.id().isBlank()) {
            throw new SpotifyException.Malformed("/v1/me answered without a user id");
        }
        return profile;
    }

    public RecentlyPlayedPage recentlyPlayed(URI uri, String accessToken) {
        return read(get(uri, accessToken), RecentlyPlayedPage.class, "recently-played");
    }

    private String get(URI uri, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new SpotifyException.Unavailable("Spotify did not answer " + uri.getPath() + " within "
                    + properties.requestTimeout().toSeconds() + " s");
        } catch (IOException e) {
            throw new SpotifyException.Unavailable("calling " + uri.getPath() + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpotifyException.Unavailable("interrupted while calling " + uri.getPath());
        }
        int status = response.statusCode();
        if (status == 200) {
            return response.body();
        }
        String message = errorMessage(response.body());
        if (status == 401) {
            throw new SpotifyException.Unauthorized("Spotify answered 401 to " + uri.getPath() + message);
        }
        if (status == 429) {
            throw new SpotifyException.RateLimited(retryAfter(response));
        }
        throw new SpotifyException.Unavailable("Spotify answered " + status + " to " + uri.getPath() + message);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("");
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(60);
        }
    }

    /** Spotify's {@code {"error":{"status":..,"message":".."}}} text, for logs; empty when absent. */
    private String errorMessage(String body) {
        try {
            JsonNode message = json.readTree(body).path("error").path("message");
            return message.isTextual() ? " (" + truncate(message.asText()) + ")" : "";
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return "";
        }
    }

    private <T> T read(String body, Class<T> type, String what) {
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new SpotifyException.Malformed("empty answer from " + what);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new SpotifyException.Malformed("malformed answer from " + what + ": " + truncate(e.getOriginalMessage()));
        }
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
