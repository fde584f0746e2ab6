package dev.playlog.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.scribejava.core.builder.api.DefaultApi20;
import com.github.scribejava.core.extractors.OAuth2AccessTokenJsonExtractor;
import com.github.scribejava.core.extractors.TokenExtractor;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.Response;
import java.io.IOException;
import com.github.scribejava.core.oauth2.clientauthentication.ClientAuthentication;
import com.github.scribejava.core.oauth2.clientauthentication.HttpBasicAuthenticationScheme;
import com.github.scribejava.core.oauth2.clientauthentication.RequestBodyAuthenticationScheme;

/**
 * Spotify's accounts service for ScribeJava (which ships no Spotify class): {@code /authorize} and
 * {@code /api/token} under the configured base URL. With a client secret the client authenticates with HTTP Basic;
 * without one (PKCE only) {@code client_id} goes into the form body, as Spotify's PKCE flow requires. Error answers
 * that are not OAuth's JSON error (a 5xx page, an empty body) become {@link SpotifyException.Unavailable} with the
 * status, instead of ScribeJava's parse errors, which quote the body.
 */
public class SpotifyOAuthApi extends DefaultApi20 {

    private final String accountsBaseUrl;
    private final boolean withSecret;

    public SpotifyOAuthApi(String accountsBaseUrl, boolean withSecret) {
        this.accountsBaseUrl = accountsBaseUrl.endsWith("/")
                ? accountsBaseUrl.substring(0, accountsBaseUrl.length() - 1) : accountsBaseUrl;
        this.withSecret = withSecret;
    }

    @Override
    public String getAccessTokenEndpoint() {
        return accountsBaseUrl + "/api/token";
    }

    @Override
    protected String getAuthorizationBaseUrl() {
        return accountsBaseUrl + "/authorize";
    }

    @Override
    public TokenExtractor<OAuth2AccessToken> getAccessTokenExtractor() {
        return StatusAwareExtractor.INSTANCE;
    }

    private static final class StatusAwareExtractor extends OAuth2AccessTokenJsonExtractor {

        static final StatusAwareExtractor INSTANCE = new StatusAwareExtractor();
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public OAuth2AccessToken extract(Response response) throws IOException {
            if (response.getCode() != 200) {
                generateError(response);
            }
            return super.extract(response);
        }

        @Override
        public void generateError(Response response) throws IOException {
            JsonNode error = null;
            try {
                error = JSON.readTree(response.getBody()).get("error");
            } catch (IOException | RuntimeException e) {
                // not JSON: handled below
            }
            if (response.getCode() >= 500 || error == null || !error.isTextual()) {
                throw new SpotifyException.Unavailable("Spotify's token endpoint answered HTTP " + response.getCode());
            }
            super.generateError(response);
        }
    }

    @Override
    public ClientAuthentication getClientAuthentication() {
        return withSecret ? HttpBasicAuthenticationScheme.instance() : RequestBodyAuthenticationScheme.instance();
    }
}
