package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.event.ListenEventMessages;
import dev.playlog.routes.RouteFiles;
import dev.playlog.simulator.BehaviouralGenerator;
import dev.playlog.simulator.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/** The spotify-poll route file: its timer, and that an account's cursor moves only after Kafka acknowledged its plays. */
class SpotifyPollRouteTest {

    /** Stands in for {@link SpotifyPoller}: two accounts with new plays, and a log of what the route did. */
    public static final class Poller {
        final List<String> log = new ArrayList<>();
        final List<PolledPlays> polls;

        Poller(List<PolledPlays> polls) {
            this.polls = polls;
        }

        public List<PolledPlays> pollAll() {
            return polls;
        }

        public void acknowledge(PolledPlays polled) {
            log.add("cursor " + polled.accountId() + " -> " + polled.cursorMs());
        }
    }

    private static List<PolledPlays> twoAccounts() {
        BehaviouralGenerator generator = new BehaviouralGenerator(3, 10, 50);
        Instant start = Instant.parse("2026-11-20T10:00:00Z");
        List<ListenEvent> a = List.of(generator.next(Simulator.simulatedTime(start, 1, 0)), generator.next(Simulator.simulatedTime(start, 1, 1)));
        List<ListenEvent> b = List.of(generator.next(Simulator.simulatedTime(start, 1, 2)));
        return List.of(new PolledPlays("alice", a, 1_000L), new PolledPlays("bob", b, 2_000L));
    }

    /** The real route and its route configuration, polled through direct:poll, Kafka replaced by {@code kafka}. */
    private static DefaultCamelContext route(Poller poller, org.apache.camel.Processor kafka) throws Exception {
        DefaultCamelContext camel = RouteFiles.load(Map.of("playlog.spotify.enabled", "true",
                "playlog.spotify.poll-interval", "5m", "playlog.kafka.topic", "listens"),
                "errors-default.camel.yaml", "spotify-poll.camel.yaml");
        camel.getRegistry().bind(SpotifyPoller.BEAN, poller);
        camel.getRegistry().bind(ListenEventMessages.BEAN, new ListenEventMessages(new ListenEventCodec(), camel));
        AdviceWith.adviceWith(camel, "spotify-poll", a -> {
            a.replaceFromWith("direct:poll");
            a.interceptSendToEndpoint("kafka:*").skipSendToOriginalEndpoint().process(kafka);
        });
        camel.start();
        return camel;
    }

    @Test
    void advancesNoCursorWhileTheKafkaSendFails() throws Exception {
        Poller poller = new Poller(twoAccounts().subList(0, 1));
        AtomicInteger attempts = new AtomicInteger();
        try (DefaultCamelContext camel = route(poller, exchange -> {
            attempts.incrementAndGet();
            poller.log.add("send failed");
            throw new TimeoutException("Expiring 2 record(s) for listens-0: 120000 ms has passed since batch creation");
        })) {
            Exchange result = camel.createProducerTemplate().request("direct:poll", e -> { });
            assertThat(result.getException()).isInstanceOf(TimeoutException.class);
            // errors-default: one attempt and three redeliveries (1 + 2 + 4 s apart), and no cursor stored
            assertThat(attempts).hasValue(4);
            assertThat(poller.log).containsOnly("send failed");
        }
    }

    @Test
    void storesEachCursorOnlyAfterKafkaAcknowledgedThatAccountsPlays() throws Exception {
        Poller poller = new Poller(twoAccounts());
        try (DefaultCamelContext camel = route(poller, exchange -> {
            @SuppressWarnings("unchecked")
            List<Message> records = exchange.getMessage().getBody(List.class);
            poller.log.add("sent " + records.size() + " keyed " + records.get(0).getHeader("kafka.KEY"));
        })) {
            Exchange result = camel.createProducerTemplate().request("direct:poll", e -> { });
            assertThat(result.getException()).isNull();
            List<PolledPlays> polls = poller.polls;
            assertThat(poller.log).containsExactly(
                    "sent 2 keyed " + polls.get(0).events().get(0).userId(), "cursor alice -> 1000",
                    "sent 1 keyed " + polls.get(1).events().get(0).userId(), "cursor bob -> 2000");
        }
    }

    @Test
    void thePollIntervalMeansTheSameToSpringAndToTheCamelTimer() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            for (String interval : new String[] {"5m", "30s", "1h", "90s"}) {
                TimerEndpoint timer = camel.getEndpoint("timer:spotify-poll?period=" + interval, TimerEndpoint.class);
                Duration spring = DurationStyle.detectAndParse(interval);
                assertThat(timer.getPeriod()).as(interval).isEqualTo(spring.toMillis());
            }
        }
    }
}
