package dev.playlog.kafka;

import dev.playlog.embedded.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Creates the listen and dead-letter topics at start-up when they are missing, before any route starts, and
 * stops start-up with a clear message when the broker cannot be reached.
 */
@Component
public class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    public KafkaTopics(KafkaProperties kafka, ObjectProvider<EmbeddedKafkaBroker> embedded) {
        embedded.ifAvailable(broker -> LOG.debug("Embedded broker at {}", broker.bootstrapServers()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(kafka.topic(), kafka.deadLetterTopic()).stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, kafka.partitions(), kafka.replicationFactor()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.info("Created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " is not reachable ("
                    + e.getMessage() + "): check playlog.kafka.bootstrap-servers, or leave it unset to use the embedded broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        }
    }
}
