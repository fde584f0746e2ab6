package dev.playlog.ops;

import dev.playlog.security.SecurityProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Stops start-up when Playlog would listen on an address other than loopback without a login
 * ({@code playlog.security.enabled=false}): Hawtio and Jolokia can stop routes and read every MBean, and the APIs
 * switch sources. On 127.0.0.1, ::1 or localhost the login is optional (only local processes and the user's own
 * browser connect, and the browser is held off by the Host, CORS, fetch-metadata and CSRF checks of
 * {@link dev.playlog.security.SecurityConfiguration}).
 *
 * <p>Why a {@link BeanFactoryPostProcessor}: it runs before any bean is created, so a misconfigured start fails in
 * milliseconds, before the embedded Kafka broker and S3 server start.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementExposureGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String SERVER_ADDRESS = "server.address";
    static final String SERVER_PORT = "server.port";
    static final String MANAGEMENT_ADDRESS = "management.server.address";
    static final String MANAGEMENT_PORT = "management.server.port";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** Throws {@link UnprotectedManagementException} when a non-loopback address would be served without a login. */
    static void check(Environment environment) {
        if (environment.getProperty(SecurityProperties.ENABLED, Boolean.class, false)) {
            return;
        }
        String where = nonLoopback(environment, SERVER_ADDRESS);
        String key = SERVER_ADDRESS;
        if (where == null) {
            Integer managementPort = environment.getProperty(MANAGEMENT_PORT, Integer.class);
            int serverPort = environment.getProperty(SERVER_PORT, Integer.class, 8080);
            if (managementPort != null && managementPort >= 0 && managementPort != serverPort) {
                where = nonLoopback(environment, MANAGEMENT_ADDRESS);
                key = MANAGEMENT_ADDRESS;
            }
        }
        if (where == null) {
            return;
        }
        throw new UnprotectedManagementException(
                "Playlog (its pages, APIs, Hawtio and Jolokia) would be reachable from other machines without a login: "
                        + SecurityProperties.ENABLED + "=false and " + where + ".",
                "Set " + key + "=127.0.0.1 to keep it local, or set " + SecurityProperties.ENABLED
                        + "=true with at least one user (" + SecurityProperties.PREFIX + ".users or "
                        + SecurityProperties.PREFIX + ".users-file; README.md, section Security).");
    }

    /** Why the address under {@code key} is not loopback, or null when it is. */
    private static String nonLoopback(Environment environment, String key) {
        String address = environment.getProperty(key);
        if (address == null || address.isBlank()) {
            return key + " is not set, so the server listens on every network interface";
        }
        return isLoopback(address.strip()) ? null : key + "=" + address.strip() + " is not a loopback address";
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
