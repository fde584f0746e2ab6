package dev.playlog.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentBookTest {

    private static final Duration COOLDOWN = Duration.ofHours(1);
    private static final Set<String> BOTH = Set.of("email", "webhook");
    private static final String LINK = "http://127.0.0.1:8080/actuator/health";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());

    private static void deliverAll(IncidentBook book) {
        book.pending().forEach(book::delivered);
    }

    @Test
    void opensOneAlertPerChannelAndNothingMoreWhileItStaysOpen() {
        IncidentBook book = new IncidentBook(dir, mapper);
        book.update(Map.of("health:lake", "stalled"), T0, COOLDOWN, BOTH, LINK);
        assertThat(book.pending()).hasSize(2).allSatisfy(p -> {
            assertThat(p.alert().status()).isEqualTo(Alert.Status.OPEN);
            assertThat(p.alert().component()).isEqualTo("lake");
            assertThat(p.alert().reason()).isEqualTo("stalled");
            assertThat(p.alert().url()).isEqualTo(LINK);
        });
        deliverAll(book);
        book.update(Map.of("health:lake", "stalled"), T0.plusSeconds(60), COOLDOWN, BOTH, LINK);
        book.update(Map.of("health:lake", "stalled"), T0.plus(COOLDOWN).minusSeconds(1), COOLDOWN, BOTH, LINK);
        assertThat(book.pending()).isEmpty();
    }

    @Test
    void alertsAgainAfterTheCooldown() {
        IncidentBook book = new IncidentBook(dir, mapper);
        book.update(Map.of("health:lake", "stalled"), T0, COOLDOWN, Set.of("email"), LINK);
        deliverAll(book);
        book.update(Map.of("health:lake", "still stalled"), T0.plus(COOLDOWN), COOLDOWN, Set.of("email"), LINK);
        assertThat(book.pending()).singleElement().satisfies(p -> {
            assertThat(p.alert().status()).isEqualTo(Alert.Status.STILL_OPEN);
            assertThat(p.alert().openedAt()).isEqualTo(T0);
            assertThat(p.alert().reason()).isEqualTo("still stalled");
        });
    }

    @Test
    void resolvesOnceWhenTheComponentClears() {
        IncidentBook book = new IncidentBook(dir, mapper);
        book.update(Map.of("health:s3", "unreachable"), T0, COOLDOWN, Set.of("webhook"), LINK);
        deliverAll(book);
        book.update(Map.of(), T0.plusSeconds(60), COOLDOWN, Set.of("webhook"), LINK);
        book.update(Map.of(), T0.plusSeconds(120), COOLDOWN, Set.of("webhook"), LINK);
        assertThat(book.pending()).singleElement().satisfies(p -> {
            assertThat(p.alert().status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(p.alert().key()).isEqualTo("health:s3");
        });
        assertThat(book.open()).isEmpty();
    }

    @Test
    void aRestartNeitherAlertsAgainNorForgetsTheIncidentOrWhatWasNotDelivered() {
        IncidentBook before = new IncidentBook(dir, mapper);
        before.update(new TreeMap<>(Map.of("health:lake", "stalled", "health:dbt", "stale")), T0, COOLDOWN, Set.of("email"), LINK);
        before.delivered(before.pending().get(0)); // health:dbt's alert went out, health:lake's did not

        IncidentBook after = new IncidentBook(dir, mapper);
        assertThat(after.open()).containsOnlyKeys("health:lake", "health:dbt");
        assertThat(after.pending()).singleElement().satisfies(p -> assertThat(p.alert().key()).isEqualTo("health:lake"));
        after.update(Map.of("health:lake", "stalled"), T0.plusSeconds(60), COOLDOWN, Set.of("email"), LINK);
        assertThat(after.pending()).extracting(p -> p.alert().key() + " " + p.alert().status())
                .containsExactly("health:lake OPEN", "health:dbt RESOLVED");
    }

    @Test
    void alertTextNamesComponentReasonAndLink() {
        Alert alert = new Alert("health:lake", Alert.Status.OPEN, "lake", "2 partition(s) stalled", T0, LINK);
        assertThat(alert.subject()).isEqualTo("[Playlog] DOWN: lake");
        assertThat(alert.text()).contains("lake", "2 partition(s) stalled", LINK, "health:lake", "2026-01-01T10:00:00Z");
    }
}
