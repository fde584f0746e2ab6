package dev.playlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.config.StartupFailures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ManagementExposureGuardTest {

    private static final String ACTION_SERVER = "Set server.address=127.0.0.1 to keep them local, or set"
            + " hawtio.authenticationEnabled=true and configure Spring Security for Hawtio's login. If access is"
            + " already restricted in front of Playlog (e.g. a container port published on 127.0.0.1 only), set"
            + " playlog.security.allow-unauthenticated-management=true.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ManagementExposureGuard.class)
            .withPropertyValues("hawtio.authenticationEnabled=false");

    @Test
    void startsOnTheDefaultLoopbackAddresses() {
        for (String address : new String[] {"127.0.0.1", "127.0.1.1", "::1", "localhost"}) {
            runner.withPropertyValues("server.address=" + address)
                    .run(context -> assertThat(context).as(address).hasNotFailed());
        }
    }

    @Test
    void rejectsEveryInterfaceWithoutAuthentication() {
        runner.withPropertyValues("server.address=0.0.0.0").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("Hawtio and Jolokia (/actuator/hawtio, /actuator/jolokia)"
                    + " would be reachable without authentication: hawtio.authenticationEnabled=false and"
                    + " server.address=0.0.0.0 is not a loopback address.");
            assertThat(analysis.getAction()).isEqualTo(ACTION_SERVER);
        });
    }

    @Test
    void rejectsAnUnsetServerAddressBecauseTheServerThenListensEverywhere() {
        runner.run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("Hawtio and Jolokia (/actuator/hawtio, /actuator/jolokia)"
                    + " would be reachable without authentication: hawtio.authenticationEnabled=false and"
                    + " server.address is not set, so the server listens on every network interface.");
            assertThat(analysis.getAction()).isEqualTo(ACTION_SERVER);
        });
    }

    @Test
    void checksTheManagementAddressWhenTheActuatorHasItsOwnPort() {
        runner.withPropertyValues("server.address=127.0.0.1", "server.port=8080", "management.server.port=9090")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).isEqualTo("Hawtio and Jolokia (/actuator/hawtio,"
                            + " /actuator/jolokia) would be reachable without authentication:"
                            + " hawtio.authenticationEnabled=false and management.server.address is not set, so the"
                            + " server listens on every network interface.");
                    assertThat(analysis.getAction()).startsWith("Set management.server.address=127.0.0.1 to keep them local");
                });
        runner.withPropertyValues("server.address=0.0.0.0", "management.server.port=9090",
                        "management.server.address=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void usesTheServerAddressWhenTheManagementPortIsTheServerPort() {
        runner.withPropertyValues("server.address=127.0.0.1", "server.port=8080", "management.server.port=8080")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void startsWhenTheActuatorIsNotServedOverHttp() {
        runner.withPropertyValues("server.address=0.0.0.0", "management.server.port=-1")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void startsOnAnyAddressWhenHawtioAuthenticates() {
        runner.withPropertyValues("server.address=0.0.0.0", "hawtio.authenticationEnabled=true")
                .run(context -> assertThat(context).hasNotFailed());
        new ApplicationContextRunner().withUserConfiguration(ManagementExposureGuard.class)
                .withPropertyValues("server.address=0.0.0.0")
                .run(context -> assertThat(context).as("Hawtio authenticates by default").hasNotFailed());
    }

    @Test
    void startsOnAnyAddressWithTheExplicitOverride() {
        runner.withPropertyValues("server.address=0.0.0.0", "playlog.security.allow-unauthenticated-management=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ManagementSecurityProperties.class).allowUnauthenticatedManagement())
                            .isTrue();
                });
    }

    private static FailureAnalysis analysis(Throwable failure) {
        assertThat(failure).as("start-up failure").isNotNull();
        return StartupFailures.analyze(failure); // also proves the analyzer is registered in spring.factories
    }
}
