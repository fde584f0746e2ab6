package dev.playlog.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.core.io.ClassPathResource;

/**
 * What Jolokia (and so Hawtio) may do, from {@code jolokia-access.xml}: reads everywhere but a few attributes that
 * carry the command line, and writes and operations only on the MBeans Hawtio's Camel, Quartz and JVM views use,
 * minus Camel's send/request and route-adding operations. Jolokia's servlet picks up a {@link Restrictor} bean from
 * the Spring context. Origins are not Jolokia's business here: {@link SecurityConfiguration} already refused
 * every cross-origin request, so Jolokia never adds CORS headers of its own.
 */
public final class JolokiaAccessPolicy implements Restrictor {

    static final String POLICY = "jolokia-access.xml";

    private final Restrictor policy;

    public JolokiaAccessPolicy() {
        try (InputStream in = new ClassPathResource(POLICY).getInputStream()) {
            this.policy = new PolicyRestrictor(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Jolokia access policy " + POLICY, e);
        }
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return policy.isHttpMethodAllowed(method);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return policy.isTypeAllowed(type);
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return policy.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return policy.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return policy.isOperationAllowed(name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return policy.isRemoteAccessAllowed(hostOrAddress);
    }

    /** Strict check: already done by the security filter chain. Otherwise: never emit a CORS allow header. */
    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return strictCheck;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return policy.isObjectNameHidden(name);
    }
}
