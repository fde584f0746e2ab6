package dev.playlog.security;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * The host names a request may carry in its {@code Host} header: the loopback names, {@code server.address} (unless
 * it is a wildcard) and {@code playlog.security.allowed-hosts}. A page on another domain that rebinds its DNS name
 * to 127.0.0.1 still sends its own name, and is refused.
 */
record AllowedHosts(Set<String> names) {

    static AllowedHosts of(SecurityProperties properties, Environment environment) {
        Set<String> names = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1", "::1", "[::1]"));
        String address = environment.getProperty("server.address");
        if (address != null && !address.isBlank() && !Set.of("0.0.0.0", "::", "[::]").contains(address.strip())) {
            names.add(normalize(address));
        }
        properties.allowedHosts().forEach(host -> names.add(normalize(host)));
        return new AllowedHosts(Set.copyOf(names));
    }

    boolean allows(String hostname) {
        return hostname != null && names.contains(normalize(hostname));
    }

    private static String normalize(String host) {
        return host.strip().toLowerCase(Locale.ROOT);
    }
}
