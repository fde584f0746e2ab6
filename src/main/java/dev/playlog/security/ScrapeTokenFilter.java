package dev.playlog.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets Prometheus scrape {@code /actuator/prometheus} with {@code Authorization: Bearer <playlog.security.scrape-token>}
 * instead of a user: a matching token authenticates the request as {@code prometheus} with the role
 * {@value #ROLE}, which opens that one path and nothing else. A wrong token is simply not an authentication.
 */
final class ScrapeTokenFilter extends OncePerRequestFilter {

    static final String ROLE = "METRICS";

    private final String path;
    private final byte[] token;

    ScrapeTokenFilter(String path, String token) {
        this.path = path;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (request.getRequestURI().equals(path) && header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("prometheus", null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
