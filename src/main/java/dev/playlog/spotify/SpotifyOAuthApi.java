package dev.playlog.spotify;

import com.github.scribejava.core.builder.api.DefaultApi20;
import com.github.scribejava.core.oauth2.clientauthentication.ClientAuthentication;
import com.github.scribejava.core.oauth2.clientauthentication.HttpBasicAuthenticationScheme;
import com.github.scribejava.core.oauth2.clientauthentication.RequestBodyAuthenticationScheme;

/**
 * Spotify's accounts service for ScribeJava (which ships no Spotify class): {@code /authorize} and
 * {@code /api/token} under the configured base URL. With a client secret the client authenticates with HTTP Basic;
 * without one (PKCE only) {@code client_id} goes into the form body, as Spotify's PKCE flow requires.
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
    public ClientAuthentication getClientAuthentication() {
        return withSecret ? HttpBasicAuthenticationScheme.instance() : RequestBodyAuthenticationScheme.instance();
    }
}
