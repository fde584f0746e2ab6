package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

class SpotifyPropertiesTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    static SpotifyProperties defaults(Path dir, SpotifyProperties.Import importing) {
        return new SpotifyProperties(true, "https://accounts.spotify.com", "https://api.spotify.com", "client", null, null,
                Duration.ofMinutes(5), Duration.ofHours(2), 50, 10, 5, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(30), Duration.ofSeconds(60), dir.resolve("spotify").toString(), null,
                dir.resolve("import").toString(), importing);
    }

    private static SpotifyProperties bind(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("playlog.spotify.state-dir", "data/spotify",
                "playlog.spotify.import-dir", "data/import"));
        all.putAll(values);
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("playlog.spotify", SpotifyProperties.class);
    }

    private static Set<String> violations(SpotifyProperties properties) {
        return VALIDATOR.validate(properties).stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage()).collect(Collectors.toSet());
    }

    @Test
    void fullValidConfigBindsWithDefaults() {
        SpotifyProperties p = bind(Map.of("playlog.spotify.client-id", "abc", "playlog.spotify.client-secret", "s3cr3t",
                "playlog.spotify.poll-interval", "2m", "playlog.spotify.import.min-ms-played", "0",
                "playlog.spotify.import.user-id", "alice"));
        assertThat(violations(p)).isEmpty();
        assertThat(p.pollInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.importing().minMsPlayed()).isZero();
        assertThat(p.importing().includeEpisodes()).isFalse();
        assertThat(p.importing().userId()).isEqualTo("alice");
        assertThat(p.accountsBaseUrl()).isEqualTo("https://accounts.spotify.com");
        assertThat(p.apiBaseUrl()).isEqualTo("https://api.spotify.com");
        assertThat(p.maxAccounts()).isEqualTo(5);
        assertThat(p.toString()).doesNotContain("s3cr3t").contains("clientSecret=(set)");
    }

    @Test
    void rejectsLocalhostRedirectUri() {
        assertThat(violations(bind(Map.of("playlog.spotify.redirect-uri", "http://localhost:8080/spotify/callback"))))
                .containsExactly("redirectUri must be HTTPS or a loopback literal (http://127.0.0.1:PORT/... or "
                        + "http://[::1]:PORT/...); Spotify refuses http://localhost");
        assertThat(violations(bind(Map.of("playlog.spotify.redirect-uri", "http://127.0.0.1:8080/spotify/callback")))).isEmpty();
        assertThat(violations(bind(Map.of("playlog.spotify.redirect-uri", "http://[::1]:8080/spotify/callback")))).isEmpty();
    }

    @Test
    void rejectsPageLimitAboveFifty() {
        assertThat(violations(bind(Map.of("playlog.spotify.page-limit", "51")))).containsExactly("pageLimit must be less than or equal to 50");
    }

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertThat(violations(bind(Map.of("playlog.spotify.api-base-url", "ftp://x")))).containsExactly("apiBaseUrl must be an http(s) URL");
    }

    @Test
    void rejectsNegativeMinimumPlayTime() {
        Set<ConstraintViolation<SpotifyProperties>> v = VALIDATOR.validate(bind(Map.of("playlog.spotify.import.min-ms-played", "-1")));
        assertThat(v).extracting(x -> x.getPropertyPath() + " " + x.getMessage())
                .containsExactly("importing.minMsPlayed must be greater than or equal to 0");
    }
}
