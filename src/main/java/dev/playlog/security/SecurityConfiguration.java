package dev.playlog.security;

import static org.springframework.security.config.Customizer.withDefaults;

import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Who may reach what over HTTP. Whether or not a login is required ({@code playlog.security.enabled}), every request
 * must name an allowed host (DNS rebinding), cross-origin requests are refused (no origin is ever echoed), browser
 * requests from other sites are refused by their fetch metadata, and every state-changing request needs the CSRF
 * token that only the app's own pages can read (cookie {@code XSRF-TOKEN}, header {@code X-XSRF-TOKEN}, which is
 * what Hawtio sends). With a login, {@code viewer} reads pages and read APIs and {@code operator} also drives Hawtio,
 * Jolokia, sources, the warehouse bootstrap and Spotify accounts.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    /** Paths only an operator may use, whatever the method. */
    static final String[] OPERATOR_PATHS = {"/actuator/hawtio", "/actuator/hawtio/**", "/actuator/jolokia",
            "/actuator/jolokia/**", "/actuator/warehouse", "/actuator/warehouse/**", "/spotify", "/spotify/**"};
    /** Open to anyone who can connect: liveness for probes, and the login page itself. */
    static final String[] OPEN_PATHS = {"/actuator/health", "/actuator/health/**", "/login", "/error"};
    static final String PROMETHEUS = "/actuator/prometheus";

    @Bean
    SecurityFilterChain playlogSecurity(HttpSecurity http, SecurityProperties properties) throws Exception {
        http.cors(cors -> cors.configurationSource(sameOriginOnly()))
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new BrowserCsrfTokenHandler()))
                .addFilterBefore(new FetchMetadataFilter(), SecurityContextHolderFilter.class);
        if (!properties.enabled()) {
            http.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
            return http.build();
        }
        if (properties.scrapeToken() != null) {
            http.addFilterBefore(new ScrapeTokenFilter(PROMETHEUS, properties.scrapeToken()), BasicAuthenticationFilter.class);
        }
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(OPEN_PATHS).permitAll()
                        .requestMatchers(PROMETHEUS).hasAnyRole("VIEWER", ScrapeTokenFilter.ROLE)
                        .requestMatchers(OPERATOR_PATHS).hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/**").hasRole("VIEWER")
                        .anyRequest().hasRole("OPERATOR"))
                .formLogin(withDefaults())
                .httpBasic(withDefaults())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").deleteCookies("JSESSIONID", "XSRF-TOKEN"));
        return http.build();
    }

    /** Refuses any request whose Host is not one of {@link AllowedHosts} (400), before any filter chain runs. */
    @Bean
    WebSecurityCustomizer allowedHostsOnly(SecurityProperties properties, Environment environment) {
        AllowedHosts hosts = AllowedHosts.of(properties, environment);
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHostnames(hosts::allows);
        return web -> web.httpFirewall(firewall);
    }

    /** Jolokia's servlet takes a {@code Restrictor} bean from the context instead of its allow-all default. */
    @Bean
    JolokiaAccessPolicy jolokiaAccessPolicy() {
        return new JolokiaAccessPolicy();
    }

    @Bean
    RoleHierarchy playlogRoles() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_OPERATOR > ROLE_VIEWER");
    }

    /** The configured users; none while the login is off (which also keeps Boot from generating a password). */
    @Bean
    InMemoryUserDetailsManager playlogUserDetails(SecurityProperties properties) {
        return new InMemoryUserDetailsManager(properties.enabled() ? PlaylogUsers.load(properties) : List.of());
    }

    @Bean
    PasswordEncoder playlogPasswordEncoder() {
        return PasswordHashes.encoder();
    }

    /**
     * A configuration that allows no origin: same-origin requests are not CORS requests and pass, every request
     * with a foreign {@code Origin} is refused with 403, and no {@code Access-Control-Allow-*} header is ever sent.
     */
    static CorsConfigurationSource sameOriginOnly() {
        CorsConfiguration none = new CorsConfiguration();
        none.setAllowedOrigins(List.of());
        return request -> none;
    }
}
