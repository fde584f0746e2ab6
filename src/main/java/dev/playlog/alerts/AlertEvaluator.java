package dev.playlog.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Route alerts-evaluate's bean: reads every health component, turns each DOWN one into an incident
 * ({@code health:<component>}) in the {@link IncidentBook}, and hands the alerts waiting to the delivery routes
 * alerts-email and alerts-webhook; an alert whose route fails after its retries stays waiting for the next evaluation.
 */
@Component(AlertEvaluator.BEAN)
public class AlertEvaluator {

    public static final String BEAN = "alertEvaluator";
    public static final String EMAIL = "email";
    public static final String WEBHOOK = "webhook";
    public static final String EMAIL_ENDPOINT = "direct:alerts-email";
    public static final String WEBHOOK_ENDPOINT = "direct:alerts-webhook";

    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final HealthContributorRegistry registry;
    private final AlertsProperties properties;
    private final IncidentBook book;
    private final ProducerTemplate template;
    private final Clock clock;

    public AlertEvaluator(HealthContributorRegistry registry, AlertsProperties properties, ObjectMapper mapper, CamelContext camel) {
        this.registry = registry;
        this.properties = properties;
        this.book = new IncidentBook(Path.of(properties.dir()), mapper);
        this.template = camel.createProducerTemplate();
        this.clock = Clock.systemUTC();
    }

    /** The components DOWN at the previous evaluation (in memory: after a restart the open incidents stand in). */
    private Set<String> downBefore = Set.of();

    /**
     * One evaluation: update the incidents from the health components, then deliver what waits. A component opens an
     * incident only when it is DOWN at two evaluations in a row, so a blip (Camel's readiness while the routes start)
     * alerts nobody; it resolves at the first evaluation that finds it UP.
     */
    public synchronized void evaluate() {
        Map<String, String> down = down();
        Map<String, IncidentBook.Incident> open = book.open();
        Map<String, String> confirmed = new LinkedHashMap<>();
        down.forEach((key, reason) -> {
            if (downBefore.contains(key) || open.containsKey(key)) {
                confirmed.put(key, reason);
            }
        });
        downBefore = Set.copyOf(down.keySet());
        book.update(confirmed, clock.instant(), properties.cooldown(), channels(), properties.link());
        deliver();
    }

    /** The open incidents, by key. */
    public synchronized Map<String, IncidentBook.Incident> openIncidents() {
        return book.open();
    }

    /** The alerts not yet delivered, oldest first. */
    public synchronized java.util.List<IncidentBook.Pending> pending() {
        return book.pending();
    }

    private Set<String> channels() {
        Set<String> channels = new LinkedHashSet<>();
        if (properties.email().enabled()) {
            channels.add(EMAIL);
        }
        if (properties.webhook().enabled()) {
            channels.add(WEBHOOK);
        }
        return channels;
    }

    private void deliver() {
        Set<String> failed = new LinkedHashSet<>();
        for (IncidentBook.Pending pending : book.pending()) {
            if (failed.contains(pending.channel())) {
                continue; // keep the order per channel: nothing overtakes an alert that could not be sent
            }
            if (!channels().contains(pending.channel())) {
                book.delivered(pending); // the channel was switched off: drop what waited for it
                continue;
            }
            try {
                template.requestBody(pending.channel().equals(EMAIL) ? EMAIL_ENDPOINT : WEBHOOK_ENDPOINT, pending.alert());
                book.delivered(pending);
            } catch (RuntimeException e) {
                failed.add(pending.channel());
                LOG.info("Alert {} {} via {} stays pending until the next evaluation", pending.alert().key(),
                        pending.alert().status(), pending.channel());
            }
        }
    }

    /** Each DOWN (or OUT_OF_SERVICE) component, key {@code health:<name>}, with its reason. */
    Map<String, String> down() {
        Map<String, String> down = new LinkedHashMap<>();
        for (NamedContributor<HealthContributor> named : registry) {
            collect(named.getName(), named.getContributor(), down);
        }
        return down;
    }

    private static void collect(String name, HealthContributor contributor, Map<String, String> down) {
        if (contributor instanceof HealthIndicator indicator) {
            Health health;
            try {
                health = indicator.getHealth(true);
            } catch (RuntimeException e) {
                health = Health.down(e).build();
            }
            if (Status.DOWN.equals(health.getStatus()) || Status.OUT_OF_SERVICE.equals(health.getStatus())) {
                down.put("health:" + name, reason(health));
            }
        } else if (contributor instanceof CompositeHealthContributor composite) {
            for (NamedContributor<HealthContributor> child : composite) {
                collect(name + "/" + child.getName(), child.getContributor(), down);
            }
        }
    }

    static String reason(Health health) {
        Object reason = health.getDetails().get("reason");
        if (reason == null) {
            reason = health.getDetails().get("error");
        }
        return reason != null ? reason.toString() : health.getStatus().getCode() + " " + health.getDetails();
    }
}
