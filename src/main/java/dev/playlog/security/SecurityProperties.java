package dev.playlog.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code playlog.security.*}: who may use Playlog's pages, APIs, Hawtio and Jolokia ({@link SecurityConfiguration}).
 *
 * @param enabled      require a login (HTTP Basic or the login form) with the roles below; always on when the server
 *                     listens on a non-loopback address ({@link dev.playlog.ops.ManagementExposureGuard} refuses to
 *                     start otherwise)
 * @param users        users from configuration (e.g. {@code PLAYLOG_SECURITY_USERS_0_NAME},
 *                     {@code ..._PASSWORD_HASH}, {@code ..._ROLES}); a password only as a hash
 * @param usersFile    a secrets file with one {@code name:hash:role[,role]} line per user (# starts a comment),
 *                     read at start-up in addition to {@code users}
 * @param allowedHosts host names besides localhost, 127.0.0.1, ::1 and {@code server.address} that requests may
 *                     carry in their {@code Host} header (the names a reverse proxy or DNS gives the app); any other
 *                     Host is refused, which defeats DNS rebinding
 * @param scrapeToken  when set, {@code /actuator/prometheus} also accepts {@code Authorization: Bearer <token>} (for
 *                     Prometheus, which then needs no user); only read from the environment or a secrets file;
 *                     blank means unset
 */
@Validated
@ConfigurationProperties(prefix = SecurityProperties.PREFIX)
public record SecurityProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue List<@Valid User> users,
        String usersFile,
        @DefaultValue List<@NotBlank String> allowedHosts,
        String scrapeToken) {

    public static final String PREFIX = "playlog.security";
    public static final String ENABLED = PREFIX + ".enabled";

    /** Roles, from least to most: an operator can do everything a viewer can. */
    public enum Role {
        /** read pages and read APIs */
        viewer,
        /** Hawtio, Jolokia, source start/stop, warehouse bootstrap, Spotify accounts */
        operator
    }

    /**
     * One configured user.
     *
     * @param name         login name
     * @param passwordHash the password as Spring Security's encoded form: {@code {bcrypt}$2a$10$...} (or a bare
     *                     bcrypt hash); make one with {@code HashPassword} (README, "Security")
     * @param roles        {@code viewer} and/or {@code operator}
     */
    public record User(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "must be 1-64 letters, digits, '.', '_', '@' or '-'")
            String name,
            @NotBlank String passwordHash, // its format is checked by PlaylogUsers, which never echoes it
            @NotEmpty Set<Role> roles) {

        @Override
        public String toString() {
            return "User[name=" + name + ", roles=" + roles + "]"; // never the hash
        }
    }

    public SecurityProperties {
        scrapeToken = scrapeToken == null || scrapeToken.isBlank() ? null : scrapeToken.strip(); // empty env = unset
    }

    @Override
    public String toString() {
        return "SecurityProperties[enabled=" + enabled + ", users=" + users + ", usersFile=" + usersFile
                + ", allowedHosts=" + allowedHosts + ", scrapeToken=" + (scrapeToken == null ? "unset" : "****") + "]";
    }
}
