package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

class SimulatorPropertiesTest {

    @EnableConfigurationProperties(SimulatorProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void bindsTheDocumentedDefaults() {
        runner.run(context -> {
            SimulatorProperties properties = context.getBean(SimulatorProperties.class);
            assertThat(properties.model()).isEqualTo(BehaviourParameters.DEFAULTS);
            assertThat(properties).isEqualTo(new SimulatorProperties(true, 50, SimulatorProperties.DEFAULT_SEED,
                    SimulatorProperties.DEFAULT_USERS, SimulatorProperties.DEFAULT_TRACKS, 0, null));
        });
    }

    @Test
    void bindsTheModelAndTimeScale() {
        runner.withPropertyValues("playlog.simulator.start-time=2026-01-01T00:00:00Z",
                        "playlog.simulator.time-scale=86400", "playlog.simulator.model.skip-rate=0.4",
                        "playlog.simulator.model.session-gap-minutes=20", "playlog.simulator.model.zipf-exponent=1.2")
                .run(context -> {
                    SimulatorProperties properties = context.getBean(SimulatorProperties.class);
                    assertThat(properties.startTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
                    assertThat(properties.timeScale()).isEqualTo(86_400);
                    assertThat(properties.model().skipRate()).isEqualTo(0.4);
                    assertThat(properties.model().sessionGapMinutes()).isEqualTo(20);
                    assertThat(properties.model().zipfExponent()).isEqualTo(1.2);
                    assertThat(properties.model().likeRate()).isEqualTo(BehaviourParameters.DEFAULTS.likeRate());
                });
    }

    @Test
    void rejectsASkipRateAboveNinetyFivePercent() {
        assertRejected("playlog.simulator.model.skip-rate=1.5", "playlog.simulator", "model.skipRate",
                "must be less than or equal to 0.95");
    }

    @Test
    void rejectsSkipsWithinFiveSecondsAboveAllSkips() {
        assertRejected("playlog.simulator.model.early-skip-rate=0.45", "playlog.simulator",
                "model.skipRatesOrdered", "must satisfy early-skip-rate <= short-skip-rate <= skip-rate");
    }

    @Test
    void rejectsATimeScaleWithoutAStartTime() {
        assertRejected("playlog.simulator.time-scale=3600", "playlog.simulator", "timeScaleWithStartTime",
                "time-scale other than 1 needs start-time");
    }

    @Test
    void rejectsAStartTimeBeforeTheContractsEarliestPlayedAt() {
        assertRejected("playlog.simulator.start-time=1999-12-31T23:59:59Z", "playlog.simulator", "startTimeInContractRange",
                "start-time must be 2000-01-01T00:00:00Z or later: the listen-event contract refuses earlier played_at");
    }

    @Test
    void rejectsAZeroSessionGap() {
        assertRejected("playlog.simulator.model.session-gap-minutes=0", "playlog.simulator",
                "model.sessionGapMinutes", "must be greater than or equal to 1");
    }

    private void assertRejected(String property, String objectName, String field, String message) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            while (cause != null && !(cause instanceof BindValidationException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("a validation failure for " + property).isNotNull();
            ObjectError error = ((BindValidationException) cause).getValidationErrors().getAllErrors().get(0);
            assertThat(error.getObjectName()).isEqualTo(objectName);
            assertThat(error).isInstanceOf(FieldError.class);
            assertThat(((FieldError) error).getField()).isEqualTo(field);
            assertThat(error.getDefaultMessage()).isEqualTo(message);
        });
    }
}
