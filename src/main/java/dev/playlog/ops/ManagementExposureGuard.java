package dev.playlog.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Stops start-up when Hawtio and Jolokia (which can invoke any MBean, Camel's included) would be served without
 * authentication on an address other than loopback. Playlog runs with {@code hawtio.authenticationEnabled=false}
 * for a one-command local start, which is only safe while {@code server.address} (or
 * {@code management.server.address} when the actuator has its own port) is 127.0.0.1, ::1 or localhost.
 *
 * <p>Why a {@link BeanFactoryPostProcessor}: it runs before any bean is created, so a misconfigured start fails in
 * milliseconds, before the embedded Kafka broker and S3 server start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ManagementSecurityProperties.class)
public class ManagementExposureGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String SERVER_ADDRESS = "server.address";
    static final String SERVER_PORT = "server.port";
    static final String MANAGEMENT_ADDRESS = "management.server.address";
    static final String MANAGEMENT_PORT = "management.server.port";
    /** Read by Hawtio from the Spring environment under exactly this name; Hawtio's default is {@code true}. */
    static final String HAWTIO_AUTHENTICATION = "hawtio.authenticationEnabled";

    private static final Logger LOG = LoggerFactory.getLogger(ManagementExposureGuard.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** Throws {@link UnprotectedManagementException} when the management endpoints would be exposed. */
    static void check(Environment environment) {
        if (environment.getProperty(HAWTIO_AUTHENTICATION, Boolean.class, true)) {
            return;
        }
        Integer managementPort = environment.getProperty(MANAGEMENT_PORT, Integer.class);
        int serverPort = environment.getProperty(SERVER_PORT, Integer.class, 8080);
        if (managementPort != null && managementPort < 0) {
            return; // actuator endpoints (Hawtio, Jolokia) are not served over HTTP at all
        }
        String addressKey = managementPort != null && managementPort != serverPort ? MANAGEMENT_ADDRESS : SERVER_ADDRESS;
        String address = environment.getProperty(addressKey);
        if (address != null && !address.isBlank() && isLoopback(address.trim())) {
            return;
        }
        boolean allowed = Binder.get(environment)
                .bindOrCreate(ManagementSecurityProperties.PREFIX, Bindable.of(ManagementSecurityProperties.class))
                .allowUnauthenticatedManagement();
        String where = address == null || address.isBlank()
                ? addressKey + " is not set, so the server listens on every network interface"
                : addressKey + "=" + address.trim() + " is not a loopback address";
        if (allowed) {
            LOG.warn("Hawtio and Jolokia are served without authentication and {}; allowed by {}=true", where,
                    ManagementSecurityProperties.ALLOW_UNAUTHENTICATED_MANAGEMENT);
            return;
        }
        throw new UnprotectedManagementException(
                "Hawtio and Jolokia (/actuator/hawtio, /actuator/jolokia) would be reachable without authentication: "
                        + HAWTIO_AUTHENTICATION + "=false and " + where + ".",
                "Set " + addressKey + "=127.0.0.1 to keep them local, or set " + HAWTIO_AUTHENTICATION
                        + "=true and configure Spring Security for Hawtio's login. If access is already restricted"
                        + " in front of Playlog (e.g. a container port published on 127.0.0.1 only), set "
                        + ManagementSecurityProperties.ALLOW_UNAUTHENTICATED_MANAGEMENT + "=true.");
    }

    /** Literal addresses are parsed without a lookup; a host name is resolved the way the web server will. */
    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
