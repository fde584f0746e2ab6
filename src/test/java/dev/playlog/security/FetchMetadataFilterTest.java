package dev.playlog.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FetchMetadataFilterTest {

    @Test
    void passesSameOriginUserTypedAndNonBrowserRequests() {
        assertThat(FetchMetadataFilter.allowed("same-origin", "cors", "POST", "/actuator/jolokia")).isTrue();
        assertThat(FetchMetadataFilter.allowed("none", "navigate", "GET", "/")).isTrue();
        assertThat(FetchMetadataFilter.allowed(null, null, "POST", "/api/sources/simulator/stop")).isTrue();
    }

    @Test
    void refusesSubresourcesAndPostsFromOtherSites() {
        assertThat(FetchMetadataFilter.allowed("cross-site", "no-cors", "GET", "/actuator/jolokia/exec/x/stop()")).isFalse();
        assertThat(FetchMetadataFilter.allowed("cross-site", "cors", "POST", "/api/sources/simulator/stop")).isFalse();
        assertThat(FetchMetadataFilter.allowed("cross-site", "navigate", "POST", "/api/sources/simulator/stop")).isFalse();
        // another port of localhost is "same-site", not same-origin
        assertThat(FetchMetadataFilter.allowed("same-site", "no-cors", "GET", "/api/sources")).isFalse();
    }

    @Test
    void letsLinksAndTheSpotifyRedirectNavigateExceptIntoJolokia() {
        assertThat(FetchMetadataFilter.allowed("cross-site", "navigate", "GET", "/spotify/callback")).isTrue();
        assertThat(FetchMetadataFilter.allowed("cross-site", "navigate", "GET", "/")).isTrue();
        assertThat(FetchMetadataFilter.allowed("cross-site", "navigate", "GET", "/actuator/jolokia/exec/x/stop()")).isFalse();
    }
}
