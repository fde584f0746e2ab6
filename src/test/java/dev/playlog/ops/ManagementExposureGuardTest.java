package dev.playlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.config.StartupFailures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ManagementExposureGuardTest {

    private static final String ACTION_SERVER = "Set server.address=127.0.0.1 to keep it local, or set"
            + " playlog.security.enabled=true with at least one user (playlog.security.users or"
            + " playlog.security.users-file; README.md, section Security).";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ManagementExposureGuard.class);

    @Test
    void startsOnTheLoopbackAddressesWithoutALogin() {
        for (String address : new String[] {"127.0.0.1", "127.0.1.1", "::1", "localhost"}) {
            runner.withPropertyValues("server.address=" + address)
                    .run(context -> assertThat(context).as(address).hasNotFailed());
        }
    }

    @Test
    void refusesEveryInterfaceWithoutALogin() {
        runner.withPropertyValues("server.address=0.0.0.0").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("Playlog (its pages, APIs, Hawtio and Jolokia) would be"
                    + " reachable from other machines without a login: playlog.security.enabled=false and"
                    + " server.address=0.0.0.0 is not a loopback address.");
            assertThat(analysis.getAction()).isEqualTo(ACTION_SERVER);
        });
    }

    @Test
    void refusesAnUnsetServerAddressBecauseTheServerThenListensEverywhere() {
        runner.run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("Playlog (its pages, APIs, Hawtio and Jolokia) would be"
                    + " reachable from other machines without a login: playlog.security.enabled=false and"
                    + " server.address is not set, so the server listens on every network interface.");
            assertThat(analysis.getAction()).isEqualTo(ACTION_SERVER);
        });
    }

    @Test
    void checksTheManagementAddressWhenTheActuatorHasItsOwnPort() {
        runner.withPropertyValues("server.address=127.0.0.1", "server.port=8080", "management.server.port=9090")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).endsWith("playlog.security.enabled=false and"
                            + " management.server.address is not set, so the server listens on every network interface.");
                    assertThat(analysis.getAction()).startsWith("Set management.server.address=127.0.0.1 to keep it local");
                });
        runner.withPropertyValues("server.address=127.0.0.1", "management.server.port=9090",
                        "management.server.address=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void checksTheServerAddressEvenWhenTheActuatorIsElsewhere() {
        // the pages and APIs stay on the server port, so a loopback actuator does not make 0.0.0.0 safe
        runner.withPropertyValues("server.address=0.0.0.0", "management.server.port=9090",
                        "management.server.address=127.0.0.1")
                .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("server.address=0.0.0.0 is not a loopback address"));
        runner.withPropertyValues("server.address=0.0.0.0", "management.server.port=-1")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void usesTheServerAddressWhenTheManagementPortIsTheServerPort() {
        runner.withPropertyValues("server.address=127.0.0.1", "server.port=8080", "management.server.port=8080")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void startsOnAnyAddressWithTheLoginOn() {
        runner.withPropertyValues("server.address=0.0.0.0", "playlog.security.enabled=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theOldOverrideNoLongerOpensANonLoopbackAddress() {
        runner.withPropertyValues("server.address=0.0.0.0", "playlog.security.allow-unauthenticated-management=true",
                        "hawtio.authenticationEnabled=true")
                .run(context -> assertThat(context).hasFailed());
    }

    private static FailureAnalysis analysis(Throwable failure) {
        assertThat(failure).as("start-up failure").isNotNull();
        return StartupFailures.analyze(failure); // also proves the analyzer is registered in spring.factories
    }
}
