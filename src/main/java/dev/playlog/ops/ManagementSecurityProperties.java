package dev.playlog.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code playlog.security.*}: the one override of {@link ManagementExposureGuard}.
 *
 * @param allowUnauthenticatedManagement start even though Hawtio and Jolokia are reachable without authentication on
 *                                       a non-loopback address; only for when something in front of Playlog already
 *                                       restricts who can connect (the compose profile, whose port is published on
 *                                       the host's 127.0.0.1 only)
 */
@ConfigurationProperties(prefix = "playlog.security")
public record ManagementSecurityProperties(@DefaultValue("false") boolean allowUnauthenticatedManagement) {

    public static final String PREFIX = "playlog.security";
    public static final String ALLOW_UNAUTHENTICATED_MANAGEMENT = PREFIX + ".allow-unauthenticated-management";
}
