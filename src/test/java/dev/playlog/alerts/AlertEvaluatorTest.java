package dev.playlog.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.DefaultHealthContributorRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;

class AlertEvaluatorTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final AtomicReference<Health> lake = new AtomicReference<>(Health.up().build());

    @AfterEach
    void stop() {
        camel.stop();
    }

    private AlertEvaluator evaluator() {
        camel.start();
        AlertsProperties properties = new AlertsProperties("0 * * * * ?", Duration.ofHours(1), 0, dir.toString(),
                "http://127.0.0.1:8080/actuator/health",
                new AlertsProperties.Email(false, "smtp", "localhost", 25, "playlog@localhost", List.of(), null, null),
                new AlertsProperties.Webhook(null, "slack"));
        HealthIndicator indicator = lake::get;
        HealthIndicator broken = () -> {
            throw new IllegalStateException("no answer");
        };
        Map<String, HealthContributor> contributors = Map.of("lake", indicator, "s3", broken);
        return new AlertEvaluator(new DefaultHealthContributorRegistry(contributors), properties,
                new ObjectMapper().registerModule(new JavaTimeModule()), camel);
    }

    @Test
    void opensAnIncidentOnlyWhenDownAtTwoEvaluationsInARowAndResolvesAtTheFirstUp() {
        AlertEvaluator alerts = evaluator();
        lake.set(Health.down().withDetail("reason", "stalled").build());
        alerts.evaluate();
        assertThat(alerts.openIncidents()).doesNotContainKey("health:lake");
        lake.set(Health.up().build());
        alerts.evaluate();
        lake.set(Health.down().withDetail("reason", "stalled").build());
        alerts.evaluate();
        assertThat(alerts.openIncidents()).doesNotContainKey("health:lake");
        alerts.evaluate();
        assertThat(alerts.openIncidents()).containsKey("health:lake");
        assertThat(alerts.openIncidents().get("health:lake").reason()).isEqualTo("stalled");
        lake.set(Health.up().build());
        alerts.evaluate();
        assertThat(alerts.openIncidents()).doesNotContainKey("health:lake");
    }

    @Test
    void anIndicatorThatThrowsIsDownWithItsError() {
        AlertEvaluator alerts = evaluator();
        alerts.evaluate();
        alerts.evaluate();
        assertThat(alerts.openIncidents()).containsOnlyKeys("health:s3");
        assertThat(alerts.openIncidents().get("health:s3").reason()).contains("no answer");
    }

    @Test
    void anOpenIncidentSurvivesARestartWithoutWaitingForASecondEvaluation() {
        lake.set(Health.down().withDetail("reason", "stalled").build());
        AlertEvaluator before = evaluator();
        before.evaluate();
        before.evaluate();
        AlertEvaluator after = evaluator();
        assertThat(after.openIncidents()).containsKey("health:lake");
        lake.set(Health.up().build());
        after.evaluate();
        assertThat(after.openIncidents()).doesNotContainKey("health:lake");
    }
}
