package dev.playlog.spotify;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.httpclient.jdk.JDKHttpClientConfig;
import com.github.scribejava.core.model.OAuth2AccessToken;
import com.github.scribejava.core.model.OAuth2AccessTokenErrorResponse;
import com.github.scribejava.core.model.OAuthResponseException;
import com.github.scribejava.core.oauth.AccessTokenRequestParams;
import com.github.scribejava.core.oauth.AuthorizationUrlBuilder;
import com.github.scribejava.core.oauth.OAuth20Service;
import com.github.scribejava.core.oauth2.OAuth2Error;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The OAuth side of Spotify through ScribeJava: the authorize URL (PKCE S256 + state, scope
 * {@code user-read-recently-played}), the code exchange and the refresh. Errors become {@link SpotifyException}s
 * whose messages hold the status and Spotify's error code only, never a response body that could carry a token.
 */
@Component
public class SpotifyOAuth {

    public static final String SCOPE = "user-read-recently-played";
    public static final String CALLBACK_PATH = "/spotify/callback";

    private final SpotifyProperties properties;
    private final Environment environment;
    private OAuth20Service service;

    public SpotifyOAuth(SpotifyProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The redirect URI registered with Spotify: configured, or the loopback literal on the server's port. */
    public String redirectUri() {
        if (properties.redirectUri() != null && !properties.redirectUri().isBlank()) {
            return properties.redirectUri();
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port + CALLBACK_PATH;
    }

    private synchronized OAuth20Service service() {
        if (!properties.signInConfigured()) {
            throw new IllegalStateException("Spotify sign-in needs playlog.spotify.client-id (see docs/spotify.md)");
        }
        if (service == null) {
            int timeout = (int) properties.requestTimeout().toMillis();
            ServiceBuilder builder = new ServiceBuilder(properties.clientId());
            if (properties.hasClientSecret()) {
                builder.apiSecret(properties.clientSecret());
            }
            service = builder.callback(redirectUri()).defaultScope(SCOPE)
                    .httpClientConfig(JDKHttpClientConfig.defaultConfig().withConnectTimeout(timeout).withReadTimeout(timeout))
                    .build(new SpotifyOAuthApi(properties.accountsBaseUrl(), properties.hasClientSecret()));
        }
        return service;
    }

    /** A sign-in in progress: where to send the browser, and the PKCE verifier to keep for the callback. */
    public record Authorization(String url, String codeVerifier) {
        @Override
        public String toString() {
            return "Authorization[url=" + url + ", codeVerifier=(hidden)]";
        }
    }

    public Authorization authorize(String state) {
        AuthorizationUrlBuilder builder = service().createAuthorizationUrlBuilder().state(state).initPKCE();
        return new Authorization(builder.build(), builder.getPkce().getCodeVerifier());
    }

    public SpotifyTokens exchange(String code, String codeVerifier) {
        return call(() -> service().getAccessToken(AccessTokenRequestParams.create(code).pkceCodeVerifier(codeVerifier)),
                "code exchange");
    }

    public SpotifyTokens refresh(String refreshToken) {
        return call(() -> service().refreshAccessToken(refreshToken), "token refresh");
    }

    private interface TokenCall {
        OAuth2AccessToken run() throws IOException, InterruptedException, ExecutionException;
    }

    private static SpotifyTokens call(TokenCall call, String what) {
        OAuth2AccessToken token;
        try {
            token = call.run();
        } catch (OAuth2AccessTokenErrorResponse e) {
            String description = e.getErrorDescription() == null ? "" : ": " + e.getErrorDescription();
            if (e.getError() == OAuth2Error.INVALID_GRANT) {
                throw new SpotifyException.InvalidGrant("Spotify refused the " + what + " (invalid_grant" + description + ")");
            }
            throw new SpotifyException.Unavailable("Spotify refused the " + what + " ("
                    + (e.getError() == null ? "error" : e.getError().getErrorString()) + description + ")");
        } catch (OAuthResponseException e) {
            throw new SpotifyException.Unavailable("Spotify's token endpoint answered HTTP "
                    + e.getResponse().getCode() + " to the " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpotifyException.Unavailable("interrupted during the " + what);
        } catch (IOException | ExecutionException e) {
            throw new SpotifyException.Unavailable(what + " failed: " + e.getClass().getSimpleName());
        } catch (SpotifyException e) {
            throw e;
        } catch (RuntimeException e) {
            // ScribeJava's parse errors quote the response body, which may hold a token: drop their message
            throw new SpotifyException.Malformed("unreadable answer to the " + what + " (" + e.getClass().getSimpleName() + ")");
        }
        if (token.getAccessToken() == null || token.getAccessToken().isBlank()) {
            throw new SpotifyException.Malformed("answer to the " + what + " has no access_token");
        }
        return new SpotifyTokens(token.getAccessToken(), token.getRefreshToken(),
                token.getExpiresIn() == null ? 3600 : token.getExpiresIn());
    }
}
