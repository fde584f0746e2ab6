package dev.playlog.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests that a browser marks as coming from another site ({@code Sec-Fetch-Site: cross-site} or
 * {@code same-site}, e.g. a page on another port of localhost), except a plain top-level navigation (a link, or the
 * Spotify sign-in redirecting back) to a page outside Jolokia. This closes what CSRF tokens do not cover: simple GETs
 * fired by {@code <img>} or {@code fetch(no-cors)}. Clients that send no fetch metadata (curl, Prometheus) are not
 * browsers and pass to the next checks.
 */
final class FetchMetadataFilter extends OncePerRequestFilter {

    static final String JOLOKIA = "/actuator/jolokia";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (allowed(request.getHeader("Sec-Fetch-Site"), request.getHeader("Sec-Fetch-Mode"), request.getMethod(),
                request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-site request refused");
    }

    static boolean allowed(String site, String mode, String method, String path) {
        if (site == null || site.equals("same-origin") || site.equals("none")) {
            return true;
        }
        boolean navigation = "navigate".equals(mode) && ("GET".equals(method) || "HEAD".equals(method));
        return navigation && !path.startsWith(JOLOKIA);
    }
}
