package dev.playlog.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;

/**
 * CSRF tokens for two kinds of caller: scripts (Hawtio, the dashboard, curl) that copy the {@code XSRF-TOKEN} cookie
 * into the {@code X-XSRF-TOKEN} header as it is, and server-rendered forms that carry the BREACH-masked token in a
 * {@code _csrf} field. Every response sets the cookie when the client has none, so a page can read it before its
 * first POST. This is the handler Spring Security's reference documentation gives for single-page applications.
 */
final class BrowserCsrfTokenHandler implements CsrfTokenRequestHandler {

    private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
    private final CsrfTokenRequestHandler masked = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
        masked.handle(request, response, csrfToken); // forms rendered by the app get the masked value
        csrfToken.get(); // load the deferred token so the repository writes the cookie on this response
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
        String header = request.getHeader(csrfToken.getHeaderName());
        return (StringUtils.hasText(header) ? plain : masked).resolveCsrfTokenValue(request, csrfToken);
    }
}
